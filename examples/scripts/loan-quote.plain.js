// Data endpoint handler for examples/flows/loan-quote-endpoint-6.3.json in
// waflow's plain form: handle(req, ctx) gets the decrypted request and returns
// {screen, data}, or {error_message} to show the message on the same screen.
//
// Settings (ctx.env, from --env-file):
//   MAX_AMOUNT  the largest loan offered, default 50000

const PURPOSES = [
  { id: "car", title: "Car", rate: 6.9 },
  { id: "home", title: "Home repairs", rate: 5.4 },
  { id: "study", title: "Studies", rate: 3.9 },
  { id: "other", title: "Something else", rate: 8.9 },
];

function needsData() {
  return { purposes: PURPOSES.map((p) => ({ id: p.id, title: p.title })) };
}

// offer prices a loan: the rate is the highest of the purposes chosen, the
// term grows with the amount.
function offer(amount, purposes) {
  const rate = Math.max.apply(null, purposes.map((p) => p.rate));
  const months = amount <= 2000 ? 12 : amount <= 10000 ? 36 : 60;
  return { rate: rate, months: months, summary: amount + " over " + months + " months at " + rate + "%" };
}

function handle(req, ctx) {
  const data = req.data || {};
  if (req.action === "INIT") {
    return { screen: "NEEDS", data: needsData() };
  }
  if (req.screen === "NEEDS") {
    const max = Number(ctx.env.MAX_AMOUNT || 50000);
    const amount = Number(data.amount);
    const purposes = (Array.isArray(data.purpose) ? data.purpose : [])
      .map((id) => PURPOSES.find((p) => p.id === id))
      .filter(Boolean);
    if (purposes.length === 0) {
      return { screen: "NEEDS", data: needsData(), error_message: "Tell us what the loan is for." };
    }
    if (!(amount > 0) || amount > max) {
      return { screen: "NEEDS", data: needsData(), error_message: "We lend up to " + max + "." };
    }
    const o = offer(amount, purposes);
    ctx.kv.set("offer", JSON.stringify({ amount: amount, months: o.months, rate: o.rate }));
    return { screen: "OFFER", data: { summary: o.summary, offer_id: "off_" + amount + "_" + o.months } };
  }
  if (req.screen === "OFFER") {
    if (data.terms !== true) {
      throw new Error("OFFER sent without accepted terms");
    }
    const saved = JSON.parse(ctx.kv.get("offer") || "null");
    if (!saved || data.offer_id !== "off_" + saved.amount + "_" + saved.months) {
      throw new Error("unknown offer " + JSON.stringify(data.offer_id));
    }
    return { screen: "APPLIED", data: { reference: "LN-2026-" + String(saved.amount % 10000).padStart(4, "0") } };
  }
  throw new Error("unexpected " + req.action + " from screen " + JSON.stringify(req.screen));
}
