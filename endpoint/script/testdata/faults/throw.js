function handle(req, ctx) {
  if (req.action === "data_exchange") {
    throw new Error("x");
  }
  return {screen: "A", data: {}};
}
