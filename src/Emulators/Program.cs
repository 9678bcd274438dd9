var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "AiScheduler Communication Services emulator");
await app.RunAsync();
