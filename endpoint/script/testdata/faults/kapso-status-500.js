async function handler(request, env) {
  return new Response("database unavailable", {status: 500});
}
