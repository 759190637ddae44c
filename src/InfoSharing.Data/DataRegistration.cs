using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.Data;

public static class DataRegistration
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", "public"))
            .UseSnakeCaseNamingConvention();
    }

    public static IServiceCollection AddInfoSharingData(this IServiceCollection services, string connectionString) =>
        services.AddDbContext<InfoSharingDbContext>(options => Configure(options, connectionString));
}

/// <summary>Used only by `dotnet ef migrations add`; the hosts configure the context from ConnectionStrings:Postgres.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<InfoSharingDbContext>
{
    public InfoSharingDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(builder, "Host=127.0.0.1;Port=5433;Username=postgres;Database=infosharing_design");
        return new InfoSharingDbContext(builder.Options);
    }
}
