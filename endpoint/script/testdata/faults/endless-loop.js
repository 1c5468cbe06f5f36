function handle(req, ctx) {
  let n = 0;
  while (true) {
    n++;
  }
}
