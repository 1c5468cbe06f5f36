// The Kapso form: the request's JSON is Kapso's envelope, whose
// data_exchange member is the decrypted request.
async function handler(request, env) {
  const { data_exchange: req } = await request.json();
  if (req.action === "INIT") {
    return Response.json({ screen: "WELCOME", data: { greeting: env.GREETING } });
  }
  if (req.action === "BACK") {
    return Response.json({ screen: "WELCOME", data: { greeting: "Back again" } });
  }
  if (req.screen === "WELCOME") {
    return Response.json({ screen: "DETAILS", data: { prompt: "Your name, please" } });
  }
  if (req.screen === "DETAILS") {
    if (!req.data.name) {
      return Response.json({ screen: "DETAILS", data: { prompt: "Your name, please", error_message: "A name is required" } });
    }
    return Response.json({ screen: "CONFIRM", data: { name: req.data.name } });
  }
  return Response.json({
    screen: "SUCCESS",
    data: { extension_message_response: { params: { flow_token: req.flow_token } } },
  });
}
