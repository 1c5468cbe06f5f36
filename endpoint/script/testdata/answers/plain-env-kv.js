// env and kv are on ctx; kv is per flow token and synchronous.
function handle(req, ctx) {
  const before = ctx.kv.get("visits");
  const visits = before === null ? 1 : Number(before) + 1;
  ctx.kv.set("visits", String(visits), 3600);
  return {screen: "CONFIRM", data: {visits, plan: ctx.env.PLAN, missing: ctx.kv.get("never-set")}};
}
