// The plain form may be async and await promises of its own.
const pause = (v) => new Promise((resolve) => resolve(v));

async function handle(req, ctx) {
  const name = await pause(req.data.name.toUpperCase());
  return {screen: "CONFIRM", data: {name}};
}
