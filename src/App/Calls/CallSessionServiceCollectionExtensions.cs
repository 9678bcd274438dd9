using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls.Reconciliation;
using AiScheduler.Functions.Calls.Compliance;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Llm;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls;

public static class CallSessionServiceCollectionExtensions
{
    /// <summary>
    /// The call session (the telephony callbacks' handler) with what answers the callbacks (<c>AddAcsCallbacks</c>), its
    /// store, live feed and metrics, the booking it books through, the conversation brain chosen by <c>Llm:Provider</c> (the
    /// built-in rule-based agent, or the LLM agent), the durable call inbox the callbacks go through, and the
    /// reconciliation of calls in progress with the telephony service.
    /// </summary>
    public static IServiceCollection AddCallSessions(this IServiceCollection services)
    {
        services.AddOptions<CallSessionOptions>().BindConfiguration(CallSessionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallSessionOptions>, CallSessionOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddBooking();
        services.AddLlm();
        services.AddCallCompliance();
        // Either brain sits behind the first-seconds guard: opt-outs, answering machines and recording consent are
        // settled before any brain is asked.
        services.TryAddSingleton<IConversationAgent>(sp => new CompliantAgent(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value.UsesModel ? sp.GetRequiredService<LlmAgent>() : new RuleBasedAgent(),
            sp.GetRequiredService<IOptions<CallComplianceOptions>>().Value.OptOutDigit));
        services.AddSingleton<CallSessionStore>();
        services.AddOptions<CostOptions>().BindConfiguration(CostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallUsageStore>();
        services.AddSingleton<LiveCallFeed>();
        services.AddSingleton<CallMetrics>();
        services.AddSingleton<OutboundCalls>();
        services.AddSingleton<CallSession>();
        services.AddSingleton<ICallEventHandler>(sp => sp.GetRequiredService<CallSession>());
        services.AddAcsCallbacks();
        services.AddCallInbox();
        services.AddCallReconciliation();
        return services;
    }
}
