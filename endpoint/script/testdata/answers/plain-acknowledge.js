// An error notification is acknowledged without a screen.
function handle(req) {
  return {data: {acknowledged: true}};
}
