// {error_message} becomes the same screen with an error.
function handle(req) {
  return {error_message: "Sorry " + req.data.name + ", that date is taken"};
}
