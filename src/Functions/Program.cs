using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Http;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Meetings;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;

// The Azure Functions isolated worker. The Functions host owns triggers (HTTP, timer, queue) and Microsoft's durable
// engine runs the orchestrations; this process composes the same features as the self-host, minus our engine and the
// self-host's trigger runners. It has no embedded telephony (only the self-host runs the emulator in process): with
// Telephony:Provider left at 'emulator' it refuses to start, naming the settings for Communication Services or the
// standalone emulator.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseProfile();
builder.AddServiceDefaults();

builder.Services.AddRouting();
builder.Services.AddOpenApi();
builder.Services.AddFeatures();
// The self-host adds these beside our engine (DurableComposition); here Microsoft's engine runs the orchestrations.
builder.Services.AddLeadImports();
builder.Services.AddMeetings();
builder.Services.AddCampaigns();
builder.Services.WithoutSelfHostedTriggerRunners();
builder.Services.AddSingleton<FunctionsDurableClient>();
builder.Services.AddSingleton<DurableTaskClient>(services => services.GetRequiredService<FunctionsDurableClient>());
builder.Services.AddSingleton<ApiRoutes>();

await builder.Build().RunAsync();
