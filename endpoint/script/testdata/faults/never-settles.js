async function handler(request, env) {
  await new Promise(() => {});
  return Response.json({screen: "A", data: {}});
}
