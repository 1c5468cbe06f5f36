function handle(req, ctx) {
  return {screen: "A", data: {blob: "x".repeat(200000)}};
}
