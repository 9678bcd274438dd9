namespace AiScheduler.Durable;

/// <summary>Options for one activity or sub-orchestration call.</summary>
/// <param name="Retry">How failed attempts are retried; null means no retries.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options with the given retry policy.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

/// <summary>Options for a sub-orchestration call.</summary>
/// <param name="InstanceId">The child's instance id; choose a meaningful one to make the call idempotent.</param>
/// <param name="Retry">How failed attempts are retried.</param>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

/// <summary>
/// Retries a failed call after a durable timer: the n-th retry waits
/// <c>min(FirstRetryInterval * BackoffCoefficient^(n-1), MaxRetryInterval)</c>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Creates a policy and validates it.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts including the first one (at least 1).</param>
    /// <param name="firstRetryInterval">Delay before the first retry (positive).</param>
    /// <param name="backoffCoefficient">Multiplier applied per retry (at least 1).</param>
    /// <param name="maxRetryInterval">Upper bound of one delay; defaults to one hour.</param>
    /// <param name="handle">Decides from the failure whether to retry; defaults to always.</param>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null, Func<TaskFailureDetails, bool>? handle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        var max = maxRetryInterval ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, firstRetryInterval);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = max;
        Handle = handle ?? (_ => true);
    }

    /// <summary>Total attempts including the first one.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied per retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Upper bound of one delay.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Decides from the failure whether to retry.</summary>
    public Func<TaskFailureDetails, bool> Handle { get; }

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBeforeRetry(int retry)
    {
        var millis = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, retry - 1);
        return millis >= MaxRetryInterval.TotalMilliseconds ? MaxRetryInterval : TimeSpan.FromMilliseconds(millis);
    }
}

/// <summary>Why an activity, sub-orchestration or orchestration failed.</summary>
/// <param name="ErrorType">The exception type's full name.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">Where it was thrown, when known.</param>
/// <param name="InnerFailure">The inner failure, e.g. the activity failure under a sub-orchestration failure.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Captures an exception (and its inner exceptions).</summary>
    public static TaskFailureDetails FromException(Exception exception) => exception switch
    {
        TaskFailedException failed => new(exception.GetType().FullName!, exception.Message, exception.StackTrace, failed.FailureDetails),
        _ => new(exception.GetType().FullName!, exception.Message, exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException)),
    };

    /// <summary>True when the failure (or one it wraps) came from an exception of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>() where T : Exception
    {
        for (var failure = this; failure is not null; failure = failure.InnerFailure)
        {
            if (string.Equals(failure.ErrorType, typeof(T).FullName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}

/// <summary>Thrown into an orchestration when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with {failureDetails.ErrorType}: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or orchestration name.</summary>
    public string TaskName { get; }

    /// <summary>The step number within the calling orchestration.</summary>
    public int TaskId { get; }

    /// <summary>The failure as recorded in history.</summary>
    public TaskFailureDetails FailureDetails { get; }
}

/// <summary>
/// The orchestration's code no longer matches its history (it was changed while instances were in flight). The
/// instance fails with this error instead of doing something different from what it did before.
/// </summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);
