using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// The app's call path alone (store, leads, telephony, call sessions and the ACS callback endpoint), as the calls test
/// host and the persona and turn benchmarks compose it (tests/Benchmarks links this file).
/// </summary>
public static class CallPathComposition
{
    /// <summary>
    /// Registers the call path's services; <paramref name="afterTelephony"/> runs between the telephony and the call
    /// sessions (a benchmark's own telephony client, say).
    /// </summary>
    public static IServiceCollection AddCallPath(this IServiceCollection services, Action<IServiceCollection>? afterTelephony = null)
    {
        services.AddProblemDetails();
        services.AddStore();
        services.AddLeads();
        services.AddTelephony();
        afterTelephony?.Invoke(services);
        services.AddCallSessions();
        return services;
    }

    /// <summary>Builds the app and maps the ACS callback endpoint.</summary>
    public static WebApplication BuildCallPath(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapAcsCallbacks();
        return app;
    }
}
