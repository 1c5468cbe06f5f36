// new Response with a JSON string body is an answer too.
const handler = async (request) => {
  const {data_exchange: ex} = await request.json();
  return new Response(JSON.stringify({screen: "NEXT", data: {action: ex.action}}), {
    status: 200,
    headers: {"Content-Type": "application/json"},
  });
};
