// Data endpoint handler for examples/flows/pizza-order-endpoint-7.3.json in
// waflow's plain form: handle(req, ctx) gets the decrypted request and returns
// {screen, data}, or {error_message} (optionally with screen and data) to show
// the message on a screen. waflow answers ping and error notifications itself;
// anything else unexpected throws, which the endpoint logs and answers with 500.
//
// Settings (ctx.env, from `waflow endpoint --env-file`):
//   CURRENCY          shown with prices, default EUR
//   DELIVERY_MINUTES  promised delivery time, default 35

const SIZES = [
  { id: "small", title: "Small", cm: 25, price: 7 },
  { id: "medium", title: "Medium", cm: 30, price: 9 },
  { id: "large", title: "Large", cm: 35, price: 11 },
];
const TOPPINGS = [
  { id: "mushrooms", title: "Mushrooms" },
  { id: "olives", title: "Olives" },
  { id: "peppers", title: "Peppers" },
  { id: "salami", title: "Salami" },
  { id: "rocket", title: "Rocket" },
];
const TOPPING_PRICE = 1.5;
const MAX_TOPPINGS = 3;

function money(env, amount) {
  return (env.CURRENCY || "EUR") + " " + amount.toFixed(2);
}

function chooseData(env) {
  return {
    greeting: "Pick a size and up to " + MAX_TOPPINGS + " toppings.",
    sizes: SIZES.map((s) => ({ id: s.id, title: s.title, description: s.cm + " cm, " + money(env, s.price) })),
    toppings: TOPPINGS.map((t) => ({ id: t.id, title: t.title })),
  };
}

// order checks the choice sent from CHOOSE (and echoed back by DETAILS) and
// returns it priced, or a message for the user.
function order(env, data) {
  const size = SIZES.find((s) => s.id === data.size);
  if (!size) {
    return { problem: "Please pick a size." };
  }
  const picked = Array.isArray(data.toppings) ? data.toppings : [];
  if (picked.length > MAX_TOPPINGS) {
    return { problem: "At most " + MAX_TOPPINGS + " toppings, please." };
  }
  const toppings = [];
  for (const id of picked) {
    const t = TOPPINGS.find((x) => x.id === id);
    if (!t) {
      return { problem: "We have no topping called " + id + "." };
    }
    toppings.push(t);
  }
  const names = toppings.map((t) => t.title.toLowerCase());
  return {
    size: size.id,
    toppings: toppings.map((t) => t.id),
    summary: size.title + " pizza" + (names.length ? " with " + names.join(" and ") : ", just cheese and tomato"),
    total: money(env, size.price + TOPPING_PRICE * toppings.length),
  };
}

// orderID derives a short reference from the flow token, so the same
// conversation always gets the same order number.
function orderID(token) {
  let h = 7;
  for (let i = 0; i < token.length; i++) {
    h = (h * 31 + token.charCodeAt(i)) % 2176782336; // 36^6
  }
  return "PZ-" + h.toString(36).toUpperCase().padStart(6, "0");
}

function handle(req, ctx) {
  const env = ctx.env;
  const data = req.data || {};
  if (req.action === "INIT") {
    return { screen: "CHOOSE", data: chooseData(env) };
  }
  if (req.action !== "data_exchange") {
    throw new Error("unexpected " + req.action + " from screen " + JSON.stringify(req.screen));
  }
  if (req.screen === "CHOOSE") {
    const o = order(env, data);
    if (o.problem) {
      return { screen: "CHOOSE", data: chooseData(env), error_message: o.problem };
    }
    return { screen: "DETAILS", data: { summary: o.summary + ", " + o.total, size: o.size, toppings: o.toppings } };
  }
  if (req.screen === "DETAILS") {
    // DETAILS only echoes what CHOOSE accepted, so here a bad order is a bug.
    const o = order(env, data);
    if (o.problem) {
      throw new Error(o.problem);
    }
    const name = String(data.name || "").trim();
    const address = String(data.address || "").trim();
    if (!name || !address) {
      return {
        screen: "DETAILS",
        data: { summary: o.summary + ", " + o.total, size: o.size, toppings: o.toppings },
        error_message: "We need a name and an address to deliver to.",
      };
    }
    console.log("order from", name, "for", o.summary);
    return {
      screen: "CONFIRM",
      data: {
        order_id: orderID(ctx.flow_token),
        summary: o.summary,
        total: o.total,
        eta: "Delivery to " + address + " in about " + (env.DELIVERY_MINUTES || "35") + " minutes",
      },
    };
  }
  throw new Error("unexpected data_exchange from screen " + JSON.stringify(req.screen));
}
