function handle(req, ctx) {
  const keep = [];
  for (let i = 0; ; i++) {
    keep.push("chunk-" + i + "-".repeat(1024));
  }
}
