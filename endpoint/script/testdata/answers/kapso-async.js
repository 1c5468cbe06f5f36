// The Kapso form: read the envelope, answer with Response.json.
async function handler(request, env) {
  const body = await request.json();
  const ex = body.data_exchange;
  return Response.json({
    version: ex.version,
    screen: "CONFIRM",
    data: {
      source: body.source,
      flow_id: body.flow.id,
      received_at: body.received_at,
      came_from: ex.screen,
      name: ex.data.name,
      greeting: env.GREETING,
    },
  });
}
