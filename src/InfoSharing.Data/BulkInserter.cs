using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace InfoSharing.Data;

/// <summary>
/// Writes the rows a batch transaction added by binary COPY instead of EF Core's INSERT statements (docs/decisions/0022):
/// a batch of 500 messages adds thousands of rows, and building, parameterising and parsing their INSERTs was most of the
/// worker's CPU. Only inside a transaction the caller opened (so the COPY commits or rolls back with everything else),
/// only for entity types with at least <see cref="MinimumRows"/> added rows, and only where the result is the same as EF's:
/// a type with a value the database would generate (an identity, a default not yet set), with inheritance, or with rows
/// deleted in the same save stays with EF, and so does every type whose principal still has added rows left to EF.
/// Types are written principals first (the model's foreign keys); the rows written become Unchanged, and EF saves the
/// rest (updates, deletes, small types) as before. A failure surfaces as a <see cref="DbUpdateException"/>, as EF's would.
/// </summary>
internal static class BulkInserter
{
    /// <summary>Below this many added rows of a type, EF's batched INSERT costs no more than a COPY's round trip.</summary>
    public const int MinimumRows = 8;

    private static readonly ConcurrentDictionary<IEntityType, TablePlan?> Plans = new();
    private static readonly ConcurrentDictionary<IModel, IReadOnlyList<IEntityType>> Orders = new();

    /// <summary>Copies the eligible added rows; the change tracker must have detected changes already.</summary>
    public static async Task<int> InsertAddedAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            return 0;
        }

        var added = new Dictionary<IEntityType, List<EntityEntry>>();
        var deletedTypes = new HashSet<IEntityType>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added)
            {
                if (!added.TryGetValue(entry.Metadata, out var list))
                {
                    added[entry.Metadata] = list = [];
                }

                list.Add(entry);
            }
            else if (entry.State == EntityState.Deleted)
            {
                deletedTypes.Add(entry.Metadata);
            }
        }

        if (!added.Values.Any(l => l.Count >= MinimumRows))
        {
            return 0;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var leftToEf = new HashSet<IEntityType>();
        var written = 0;
        foreach (var type in Order(db.Model))
        {
            if (!added.TryGetValue(type, out var rows))
            {
                continue;
            }

            var plan = Plans.GetOrAdd(type, TablePlan.For);
            var bulk = plan is not null
                && rows.Count >= MinimumRows
                && !deletedTypes.Contains(type)
                && !type.GetForeignKeys().Any(fk => fk.PrincipalEntityType != type && leftToEf.Contains(fk.PrincipalEntityType))
                && rows.All(plan.CanWrite);
            if (!bulk)
            {
                leftToEf.Add(type);
                continue;
            }

            try
            {
                await plan!.WriteAsync(connection, rows, cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw new DbUpdateException($"Copying {rows.Count} rows into {plan!.Table} failed: {ex.MessageText}", ex);
            }

            foreach (var row in rows)
            {
                row.State = EntityState.Unchanged;
            }

            written += rows.Count;
        }

        return written;
    }

    /// <summary>The model's entity types, principals before dependents (self-references aside; a cycle keeps model order).</summary>
    private static IReadOnlyList<IEntityType> Order(IModel model) => Orders.GetOrAdd(model, m =>
    {
        var order = new List<IEntityType>();
        var state = new Dictionary<IEntityType, bool>();
        void Visit(IEntityType type)
        {
            if (state.ContainsKey(type))
            {
                return;
            }

            state[type] = false;
            foreach (var fk in type.GetForeignKeys().Where(fk => fk.PrincipalEntityType != type))
            {
                Visit(fk.PrincipalEntityType);
            }

            state[type] = true;
            order.Add(type);
        }

        foreach (var type in m.GetEntityTypes())
        {
            Visit(type);
        }

        return order;
    });

    /// <summary>How one entity type's rows are copied: its table, and per column the property, converter and store type.</summary>
    private sealed class TablePlan
    {
        private readonly IReadOnlyList<Column> _columns;
        private readonly IReadOnlyList<IForeignKey> _selfReferences;
        private readonly string _copy;

        private TablePlan(string table, IReadOnlyList<Column> columns, IReadOnlyList<IForeignKey> selfReferences)
        {
            Table = table;
            _columns = columns;
            _selfReferences = selfReferences;
            _copy = $"COPY {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        }

        public string Table { get; }

        public static TablePlan? For(IEntityType type)
        {
            if (type.BaseType is not null || type.GetDerivedTypes().Any() || type.IsOwned() || type.GetTableName() is not { } name
                || type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
            {
                return null;
            }

            var store = StoreObjectIdentifier.Table(name, type.GetSchema());
            var columns = new List<Column>();
            foreach (var property in type.GetProperties())
            {
                if (property.GetColumnName(store) is null || property.GetValueGenerationStrategy() is Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
                    or Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn
                    or Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.SerialColumn
                    || property.IsConcurrencyToken || property.GetComputedColumnSql() is not null)
                {
                    return null;
                }

                var mapping = property.GetRelationalTypeMapping();
                var storeType = property.GetColumnType();
                var facets = storeType.IndexOf('(', StringComparison.Ordinal);
                if (facets >= 0)
                {
                    var close = storeType.IndexOf(')', facets);
                    storeType = storeType[..facets] + storeType[(close + 1)..];
                }

                // A value the database computes (EF leaves the column out while the property holds its sentinel).
                var generated = property.GetDefaultValueSql() is not null;
                columns.Add(new Column(
                    property, property.GetColumnName(store)!, property.GetValueConverter() ?? mapping.Converter, storeType.Trim(), generated,
                    property.GetDefaultValue(store), property.ValueGenerated != ValueGenerated.Never));
            }

            var table = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(name)}" : Quote(name);
            return new TablePlan(table, columns, type.GetForeignKeys().Where(fk => fk.PrincipalEntityType == type).ToList());
        }

        /// <summary>Whether EF would insert exactly these values: no column left to a database default, no row referring to another of the same table.</summary>
        public bool CanWrite(EntityEntry row)
        {
            var values = row.CurrentValues;
            foreach (var (property, _, _, _, generated, _, mayBeTemporary) in _columns)
            {
                if (generated && Equals(values[property], property.Sentinel))
                {
                    return false;
                }

                if (mayBeTemporary && row.Property(property.Name).IsTemporary)
                {
                    return false;
                }
            }

            return _selfReferences.All(fk => fk.Properties.Any(p => values[p] is null));
        }

        public async Task WriteAsync(NpgsqlConnection connection, List<EntityEntry> rows, CancellationToken cancellationToken)
        {
            await using var writer = await connection.BeginBinaryImportAsync(_copy, cancellationToken);
            foreach (var row in rows)
            {
                var values = row.CurrentValues;
                await writer.StartRowAsync(cancellationToken);
                foreach (var (property, _, converter, storeType, _, constant, _) in _columns)
                {
                    var value = values[property];

                    // EF leaves out a column whose property holds its sentinel and has a constant default: the default is what it stores.
                    if (constant is not null && Equals(value, property.Sentinel))
                    {
                        value = constant;
                    }

                    if (value is not null && converter is not null)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    if (value is null)
                    {
                        await writer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await writer.WriteAsync(value, storeType, cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        private sealed record Column(
            IProperty Property, string Name, ValueConverter? Converter, string StoreType, bool Generated, object? Default, bool MayBeTemporary);

        private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
