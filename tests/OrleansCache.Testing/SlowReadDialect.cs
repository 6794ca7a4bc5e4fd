using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using OrleansCache.Storage;

namespace OrleansCache.Testing;

/// <summary>
/// A database reached over a slow link, for tests: each SELECT outside a write transaction is run at once, but its
/// rows are handed back <see cref="Delay"/> later. The statement is counted when it is sent, so a test can see that a
/// load has started and act while it is still on its way; reads inside a write transaction are not delayed, so a
/// write can commit meanwhile. Everything else is the product's own dialect (<see cref="Inner"/>).
/// </summary>
public sealed class SlowReadDialect(SqlDialect inner, TimeSpan delay) : SqlDialect
{
    private readonly SlowDataSource _dataSource = new(inner.DataSource, delay);

    public SqlDialect Inner => inner;

    public TimeSpan Delay => delay;

    /// <summary>Replaces the silo's dialect (registered by <c>AddOrleansCache</c>) with a slow one around it.</summary>
    public static void Register(IServiceCollection services, TimeSpan delay)
    {
        var product = services.Last(d => d.ServiceType == typeof(SqlDialect));
        var create = product.ImplementationFactory ?? throw new InvalidOperationException("The dialect is expected to be registered by a factory.");
        services.AddSingleton<SqlDialect>(sp => new SlowReadDialect((SqlDialect)create(sp), delay));
    }

    public override string Name => inner.Name;

    public override DbDataSource DataSource => _dataSource;

    public override string ConnectionString => inner.ConnectionString;

    public override string OrleansInvariant => inner.OrleansInvariant;

    public override bool BlocksWhileWorking => inner.BlocksWhileWorking;

    public override string MigrationHistoryTable => inner.MigrationHistoryTable;

    public override string Contains(string lowerCaseText, string parameter) => inner.Contains(lowerCaseText, parameter);

    public override string HasNonAsciiCharacter(string text) => inner.HasNonAsciiCharacter(text);

    public override string JsonArrayElements(string parameter) => inner.JsonArrayElements(parameter);

    public override DbParameter JsonParameter(DbCommand command, string name, string? json) =>
        inner.JsonParameter(Unwrap(command), name, json);

    public override object TimestampValue(string timestamp) => inner.TimestampValue(timestamp);

    public override string ReadTimestamp(DbDataReader reader, int ordinal) => inner.ReadTimestamp(reader, ordinal);

    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.BeginWriteTransactionAsync(Unwrap(connection), cancellationToken);

    public override DatabaseFailure Classify(DbException exception) => inner.Classify(exception);

    public override string ErrorCode(DbException exception) => inner.ErrorCode(exception);

    public override Task PrepareAsync(CancellationToken cancellationToken) => inner.PrepareAsync(cancellationToken);

    public override ValueTask<DbTransaction> BeginMigrationTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.BeginMigrationTransactionAsync(Unwrap(connection), cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private static DbConnection Unwrap(DbConnection connection) => connection is SlowConnection slow ? slow.Inner : connection;

    private static DbCommand Unwrap(DbCommand command) => command is SlowCommand slow ? slow.Inner : command;

    private sealed class SlowDataSource(DbDataSource inner, TimeSpan delay) : DbDataSource
    {
        public override string ConnectionString => inner.ConnectionString;

        protected override DbConnection CreateDbConnection() => new SlowConnection(inner.CreateConnection(), delay);
    }

    [SuppressMessage("Security", "CA2100", Justification = "Passes through the product's own parameterized statements.")]
    private sealed class SlowConnection(DbConnection inner, TimeSpan delay) : DbConnection
    {
        public DbConnection Inner => inner;

        [AllowNull]
        public override string ConnectionString
        {
            get => inner.ConnectionString;
            set => inner.ConnectionString = value;
        }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

        public override void Close() => inner.Close();

        public override void Open() => inner.Open();

        public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

        protected override ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
            inner.BeginTransactionAsync(isolationLevel, cancellationToken);

        protected override DbCommand CreateDbCommand() => new SlowCommand(inner.CreateCommand(), this, delay);

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    [SuppressMessage("Security", "CA2100", Justification = "Passes through the product's own parameterized statements.")]
    private sealed class SlowCommand(DbCommand inner, SlowConnection connection, TimeSpan delay) : DbCommand
    {
        public DbCommand Inner => inner;

        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => inner.CommandText = value;
        }

        public override int CommandTimeout
        {
            get => inner.CommandTimeout;
            set => inner.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => inner.CommandType;
            set => inner.CommandType = value;
        }

        public override bool DesignTimeVisible
        {
            get => inner.DesignTimeVisible;
            set => inner.DesignTimeVisible = value;
        }

        public override UpdateRowSource UpdatedRowSource
        {
            get => inner.UpdatedRowSource;
            set => inner.UpdatedRowSource = value;
        }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set => throw new NotSupportedException("A slow command stays on the connection that made it.");
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => inner.Transaction;
            set => inner.Transaction = value;
        }

        public override void Cancel() => inner.Cancel();

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        public override void Prepare() => inner.Prepare();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => inner.ExecuteNonQueryAsync(cancellationToken);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => inner.ExecuteScalarAsync(cancellationToken);

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            var reader = await inner.ExecuteReaderAsync(behavior, cancellationToken);
            if (inner.Transaction is null)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return reader;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
