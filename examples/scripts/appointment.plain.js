// Data endpoint handler for examples/flows/appointment-endpoint-7.3.json in
// waflow's plain form: handle(req, ctx) gets the decrypted request and returns
// {screen, data}, or {error_message} to show the message on the same screen.
//
// SERVICE sends the service and day, SLOT the time and name; SLOT has
// refresh_on_back, so going back from it sends BACK, answered with SERVICE.

const SERVICES = [
  { id: "cut", title: "Haircut", minutes: 30 },
  { id: "colour", title: "Colour", minutes: 90 },
  { id: "beard", title: "Beard trim", minutes: 15 },
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

function serviceData() {
  return { services: SERVICES.map((s) => ({ id: s.id, title: s.title })) };
}

// parseDay reads "YYYY-MM-DD" as a UTC date, or returns null.
function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s || ""));
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

function dayLabel(d) {
  return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
}

// slots are the opening hours in steps of the service's length: 09:00 to
// 17:00, Saturdays until 13:00.
function slots(service, d) {
  const close = d.getUTCDay() === 6 ? 13 * 60 : 17 * 60;
  const out = [];
  for (let t = 9 * 60; t + service.minutes <= close; t += Math.max(service.minutes, 30)) {
    const hh = String(Math.floor(t / 60)).padStart(2, "0");
    const mm = String(t % 60).padStart(2, "0");
    out.push({ id: hh + mm, title: hh + ":" + mm });
  }
  return out;
}

function bookingID(token, slot) {
  let h = 11;
  const s = token + "/" + slot;
  for (let i = 0; i < s.length; i++) {
    h = (h * 31 + s.charCodeAt(i)) % 1679616; // 36^4
  }
  return "bk_" + h.toString(36).padStart(4, "0");
}

function handle(req, ctx) {
  const data = req.data || {};
  if (req.action === "INIT" || req.action === "BACK") {
    return { screen: "SERVICE", data: serviceData() };
  }
  if (req.screen === "SERVICE") {
    const service = SERVICES.find((s) => s.id === data.service);
    const day = parseDay(data.day);
    if (!service || !day) {
      return { screen: "SERVICE", data: serviceData(), error_message: "Please pick a service and a day." };
    }
    return { screen: "SLOT", data: { slots: slots(service, day), day_label: dayLabel(day) } };
  }
  if (req.screen === "SLOT") {
    const service = SERVICES.find((s) => s.id === data.service);
    const name = String(data.customer_name || "").trim();
    if (!service || !/^\d{4}$/.test(String(data.slot || "")) || !name) {
      throw new Error("SLOT sent " + JSON.stringify(data));
    }
    console.log("booking", service.id, "at", data.slot, "for", name);
    return {
      screen: "CONFIRM",
      data: {
        booking_id: bookingID(ctx.flow_token, data.slot),
        when: service.title + " at " + data.slot.slice(0, 2) + ":" + data.slot.slice(2) + ", " + name,
      },
    };
  }
  throw new Error("unexpected " + req.action + " from screen " + JSON.stringify(req.screen));
}
