function handle(req, ctx) {
  leaked = req.flow_token;
  return {screen: "A", data: {}};
}
