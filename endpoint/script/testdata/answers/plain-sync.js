// The plain form, synchronous.
function handle(req, ctx) {
  return {
    screen: "CONFIRM",
    data: {name: req.data.name, action: req.action, flow_id: req.flow_id, token: ctx.flow_token},
  };
}
