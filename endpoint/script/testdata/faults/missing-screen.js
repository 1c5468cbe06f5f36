function handle(req, ctx) {
  return {data: {name: req.data.name}};
}
