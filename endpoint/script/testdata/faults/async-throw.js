async function handler(request, env) {
  const body = await request.json();
  if (body.data_exchange.action === "data_exchange") {
      throw new TypeError("no such screen: " + body.data_exchange.screen);
  }
  return Response.json({screen: "A", data: {}});
}
