// In the Kapso form kv is a global; awaiting its results works too.
async function handler(request, env) {
  await kv.set("step", "two", {expirationTtl: 60});
  const step = await kv.get("step");
  await kv.delete("step");
  return Response.json({screen: "NEXT", data: {step, after_delete: kv.get("step"), secret_length: env.API_KEY.length}});
}
