function handle(req, ctx) {
  return {screen: "A", data: [1, 2, 3]};
}
