function handle(req, ctx) {
  const data = {};
  data.self = data;
  return {screen: "A", data};
}
