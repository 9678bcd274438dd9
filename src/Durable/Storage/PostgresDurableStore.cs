using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AiScheduler.Durable;

/// <summary>
/// PostgreSQL backend for any number of processes: leases use <c>FOR UPDATE SKIP LOCKED</c>, and commits that create
/// work send <c>NOTIFY</c> so idle dispatchers in every process wake at once instead of at their next poll.
/// </summary>
internal sealed class PostgresDurableStore : DurableStore
{
    private const string OrchestrationChannel = "dt_orchestrations";
    private const string ActivityChannel = "dt_activities";
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    public PostgresDurableStore(string connectionString, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The dispatch statements run thousands of times; server-side prepared plans halve their cost.
            builder.MaxAutoPrepare = 64;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger;
    }

    public override string Backend => "postgresql";

    protected override string Now => "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    protected override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    protected override bool LeaseNeedsTransaction => false;

    protected override bool CombineStatements => true;

    public override int ResultWriters => 4;

    // Well under PostgreSQL's 65,535 parameters per statement (12 per history row).
    protected override int RowsPerStatement => 500;

    protected override string InstanceIn(string parameter) => $"instance_id = ANY({parameter})";

    protected override object InstanceList(IReadOnlyList<string> instanceIds) => instanceIds.ToArray();

    protected override string IdentityColumn => "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    protected override async Task<Session> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return new Session(connection, connection.DisposeAsync);
    }

    protected override async Task<DbTransaction> BeginWriteAsync(Session session, CancellationToken cancellationToken) =>
        await session.Connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    protected override async Task LockSchemaAsync(Session session, DbTransaction transaction, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(7234501)", cancellationToken);

    protected override string? NotifySql(bool orchestrations, bool activities) => (orchestrations, activities) switch
    {
        (true, true) => $"NOTIFY {OrchestrationChannel}; NOTIFY {ActivityChannel}",
        (true, false) => $"NOTIFY {OrchestrationChannel}",
        (false, true) => $"NOTIFY {ActivityChannel}",
        _ => null,
    };

    public override Task StartListeningAsync(CancellationToken cancellationToken)
    {
        _ = ListenAsync(cancellationToken);
        return Task.CompletedTask;
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, notification) =>
                    Wake(notification.Channel == OrchestrationChannel, notification.Channel == ActivityChannel);
                await using (var listen = new NpgsqlCommand($"LISTEN {OrchestrationChannel}; LISTEN {ActivityChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                delay = TimeSpan.FromMilliseconds(200);
                // Anything committed while we were not listening is found by the next poll.
                Wake(true, true);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
            {
                Log.ListenerFailed(_logger, delay, exception);
                await Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
