// Data endpoint handler for examples/flows/pizza-order-endpoint-7.3.json in
// the Kapso-compatible form: handler(request, env) reads Kapso's envelope
// with request.json() (the decrypted request is its data_exchange field) and
// answers with Response.json({screen, data}). The same file runs as a Kapso
// function; waflow answers ping and error notifications itself.
//
// Settings (env, from `waflow endpoint --env-file`):
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

const money = (env, amount) => (env.CURRENCY || "EUR") + " " + amount.toFixed(2);

const screen = (id, data) => Response.json({ screen: id, data });

const chooseScreen = (env, errorMessage) =>
  screen("CHOOSE", {
    greeting: "Pick a size and up to " + MAX_TOPPINGS + " toppings.",
    sizes: SIZES.map((s) => ({ id: s.id, title: s.title, description: s.cm + " cm, " + money(env, s.price) })),
    toppings: TOPPINGS.map((t) => ({ id: t.id, title: t.title })),
    ...(errorMessage ? { error_message: errorMessage } : {}),
  });

// priced checks the choice made on CHOOSE and prices it; it throws a
// message for the user when the choice is not on the menu.
function priced(env, data) {
  const size = SIZES.find((s) => s.id === data.size);
  if (!size) throw new Error("Please pick a size.");
  const ids = Array.isArray(data.toppings) ? data.toppings : [];
  if (ids.length > MAX_TOPPINGS) throw new Error("At most " + MAX_TOPPINGS + " toppings, please.");
  const toppings = ids.map((id) => {
    const t = TOPPINGS.find((x) => x.id === id);
    if (!t) throw new Error("We have no topping called " + id + ".");
    return t;
  });
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
  for (const ch of token) h = (h * 31 + ch.charCodeAt(0)) % 2176782336; // 36^6
  return "PZ-" + h.toString(36).toUpperCase().padStart(6, "0");
}

async function handler(request, env) {
  const { data_exchange: req } = await request.json();
  const data = req.data || {};

  if (req.action === "INIT") return chooseScreen(env);
  if (req.action !== "data_exchange" || (req.screen !== "CHOOSE" && req.screen !== "DETAILS")) {
    throw new Error("unexpected " + req.action + " from screen " + JSON.stringify(req.screen));
  }

  let order;
  try {
    order = priced(env, data);
  } catch (e) {
    // DETAILS only echoes what CHOOSE accepted, so there a bad order is a bug.
    if (req.screen === "CHOOSE") return chooseScreen(env, e.message);
    throw e;
  }
  const details = { summary: order.summary + ", " + order.total, size: order.size, toppings: order.toppings };
  if (req.screen === "CHOOSE") return screen("DETAILS", details);

  const name = String(data.name || "").trim();
  const address = String(data.address || "").trim();
  if (!name || !address) {
    return screen("DETAILS", { ...details, error_message: "We need a name and an address to deliver to." });
  }
  console.log("order from", name, "for", order.summary);
  return screen("CONFIRM", {
    order_id: orderID(req.flow_token),
    summary: order.summary,
    total: order.total,
    eta: "Delivery to " + address + " in about " + (env.DELIVERY_MINUTES || "35") + " minutes",
  });
}
