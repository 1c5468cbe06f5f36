// Completing the flow: SUCCESS with the flow token in params.
function handle(req, ctx) {
  return {
    screen: "SUCCESS",
    data: {extension_message_response: {params: {flow_token: ctx.flow_token, name: req.data.name}}},
  };
}
