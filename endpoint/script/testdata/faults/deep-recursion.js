function down(n) {
  return down(n + 1) + 1;
}

function handle(req, ctx) {
  return {screen: "A", data: {depth: down(0)}};
}
