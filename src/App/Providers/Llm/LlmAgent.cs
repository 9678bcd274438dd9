using System.ClientModel;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Hosting;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// The LLM brain: chat completions with tools through the official OpenAI client, pointed at OpenAI or an Azure OpenAI
/// v1 endpoint. Each turn rebuilds the chat from the persisted state, lets the model call tools (checked by
/// <see cref="SchedulingToolbox"/>) for at most <see cref="LlmOptions.MaxToolRounds"/> round trips, and returns what to
/// say. A slow or failing model gets a holding phrase and one retry on the next turn; failing again ends the call
/// gracefully with <see cref="CallOutcome.CallbackRequested"/> (or <see cref="CallOutcome.Booked"/> when it was).
/// </summary>
public sealed class LlmAgent : IConversationAgent
{
    /// <summary>Silences or unintelligible inputs in a row the brain re-prompts for before it gives up.</summary>
    public const int MaxReprompts = 2;

    private readonly ChatClient chat;
    private readonly LlmOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<LlmAgent> logger;

    public LlmAgent(ChatClient chat, IOptions<LlmOptions> options, TimeProvider timeProvider, ILogger<LlmAgent> logger)
    {
        this.chat = chat;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    public ValueTask<AgentTurn> StartAsync(ConversationState state, IConversationTools tools, CancellationToken cancellationToken) =>
        TakeTurnAsync(state with { Stage = DialogueStage.Conversing }, input: null, tools, cancellationToken);

    public async ValueTask<AgentTurn> RespondAsync(ConversationState state, CallerInput input, IConversationTools tools, CancellationToken cancellationToken)
    {
        if (input is CallerInput.Speech speech)
        {
            // The recogniser's language guess is a switch only when it names another supported language.
            var language = LlmPhrases.IsSupported(speech.Language) ? speech.Language! : state.Language;
            state = state with
            {
                Language = language,
                Reprompts = 0,
                Turns = [.. state.Turns, new ConversationTurn(ConversationTurn.Lead, speech.Text, language, state.NowUtc)],
            };
            return await TakeTurnAsync(state, input, tools, cancellationToken);
        }

        var reprompts = state.Reprompts + 1;
        if (reprompts > MaxReprompts)
        {
            // Same rule as the rule-based brain: nobody ever spoke means a dead line (failed); a lead who had engaged
            // and then could not be heard is worth calling back.
            Log.GaveUpAfterSilence(logger, MaxReprompts);
            var phrase = LlmPhrases.For(state.Language).NoResponse;
            if (!state.Turns.Any(t => t.Speaker == ConversationTurn.Lead))
            {
                return Say(state with { Outcome = CallOutcome.Failed }, phrase, CallOutcome.Failed);
            }

            await ScheduleCallbackOnceAsync(state, tools, cancellationToken);
            return Say(state with { Outcome = CallOutcome.CallbackRequested }, phrase, CallOutcome.CallbackRequested);
        }

        return await TakeTurnAsync(state with { Reprompts = reprompts }, input, tools, cancellationToken);
    }

    private async ValueTask<AgentTurn> TakeTurnAsync(ConversationState state, CallerInput? input, IConversationTools tools, CancellationToken cancellationToken)
    {
        var retrying = IsWaitingOnHoldingPhrase(state);
        var toolbox = new SchedulingToolbox(state, tools);
        var messages = ConversationPrompt.Build(state, toolbox, input);
        var completionOptions = CompletionOptions();

        for (var round = 1; round <= options.MaxToolRounds; round++)
        {
            var completion = await CompleteAsync(messages, completionOptions, cancellationToken);
            (tools as ILlmUsageMeter)?.ModelRequested(completion?.Usage?.InputTokenCount ?? 0, completion?.Usage?.OutputTokenCount ?? 0);
            if (completion is null)
            {
                return await FailAsync(toolbox.State, retrying, tools, cancellationToken);
            }

            if (completion.ToolCalls.Count > 0)
            {
                messages.Add(new AssistantChatMessage(completion));
                foreach (var call in completion.ToolCalls)
                {
                    var result = await toolbox.RunAsync(call.FunctionName, call.FunctionArguments, cancellationToken);
                    Log.ToolCalled(logger, call.FunctionName, result.Contains("\"ok\":true", StringComparison.Ordinal));
                    messages.Add(new ToolChatMessage(call.Id, result));
                }

                if (toolbox.Ending is { } ending)
                {
                    return Say(toolbox.State, ending.ClosingLine, ending.Outcome);
                }

                continue;
            }

            var text = string.Concat(completion.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text)).Trim();
            if (text.Length == 0)
            {
                Log.EmptyReply(logger, completion.FinishReason.ToString());
                return await FailAsync(toolbox.State, retrying, tools, cancellationToken);
            }

            return Say(toolbox.State, text, outcome: null, endCall: false);
        }

        Log.ToolRoundsExhausted(logger, options.MaxToolRounds);
        return await FailAsync(toolbox.State, retrying, tools, cancellationToken);
    }

    private ChatCompletionOptions CompletionOptions()
    {
        var completionOptions = new ChatCompletionOptions
        {
            ToolChoice = ChatToolChoice.CreateAutoChoice(),
            Temperature = (float)options.Temperature,
            MaxOutputTokenCount = 400,
        };
        foreach (var tool in SchedulingToolbox.Definitions)
        {
            completionOptions.Tools.Add(tool);
        }

        return completionOptions;
    }

    /// <summary>One model request bounded by <see cref="LlmOptions.TimeoutSeconds"/>; null when it failed or was too slow.</summary>
    private async Task<ChatCompletion?> CompleteAsync(List<ChatMessage> messages, ChatCompletionOptions completionOptions, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            ClientResult<ChatCompletion> result = await chat.CompleteChatAsync(messages, completionOptions, linked.Token);
            return result.Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ModelTimedOut(logger, options.TimeoutSeconds);
            return null;
        }
        catch (ClientResultException ex)
        {
            Log.ModelFailed(logger, ex.Status, LogValues.Clean(ex.Message));
            return null;
        }
        catch (HttpRequestException ex)
        {
            Log.ModelFailed(logger, 0, LogValues.Clean(ex.Message));
            return null;
        }
    }

    /// <summary>First failure: a holding phrase (the retry happens on the next turn). Second: a graceful goodbye.</summary>
    private async ValueTask<AgentTurn> FailAsync(ConversationState state, bool retrying, IConversationTools tools, CancellationToken cancellationToken)
    {
        var phrases = LlmPhrases.For(state.Language);
        if (!retrying)
        {
            return Say(state, phrases.Holding, outcome: null, endCall: false);
        }

        Log.EndingAfterRetry(logger);
        if (state.MeetingId is not null)
        {
            return Say(state with { Outcome = CallOutcome.Booked }, phrases.GracefulEndBooked, CallOutcome.Booked);
        }

        if (state.Outcome == CallOutcome.OptedOut)
        {
            return Say(state, phrases.GoodbyeOnly, CallOutcome.OptedOut);
        }

        await ScheduleCallbackOnceAsync(state, tools, cancellationToken);
        return Say(state with { Outcome = CallOutcome.CallbackRequested }, phrases.GracefulEnd, CallOutcome.CallbackRequested);
    }

    private static async ValueTask ScheduleCallbackOnceAsync(ConversationState state, IConversationTools tools, CancellationToken cancellationToken)
    {
        if (state.Outcome != CallOutcome.CallbackRequested)
        {
            await tools.ScheduleCallbackAsync(null, cancellationToken);
        }
    }

    private static bool IsWaitingOnHoldingPhrase(ConversationState state)
    {
        var lastAgentTurn = state.Turns.LastOrDefault(t => t.Speaker == ConversationTurn.Agent);
        return lastAgentTurn is not null
            && string.Equals(lastAgentTurn.Text, LlmPhrases.For(lastAgentTurn.Language).Holding, StringComparison.Ordinal);
    }

    private static AgentTurn Say(ConversationState state, string text, CallOutcome? outcome, bool endCall = true)
    {
        var next = state with
        {
            Stage = endCall ? DialogueStage.Ended : DialogueStage.Conversing,
            Outcome = outcome ?? state.Outcome,
            Turns = [.. state.Turns, new ConversationTurn(ConversationTurn.Agent, text, state.Language, state.NowUtc)],
        };
        return new AgentTurn(next, text, state.Language, endCall, endCall ? next.Outcome : null);
    }
}
