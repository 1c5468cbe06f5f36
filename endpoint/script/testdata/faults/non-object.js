function handle(req, ctx) {
  return "CONFIRM";
}
