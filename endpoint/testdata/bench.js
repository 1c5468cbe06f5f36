function handle(req, ctx) {
  return { screen: "WELCOME", data: { greeting: "Hello" } };
}
