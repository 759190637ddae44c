using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Web;

/// <summary>
/// The ASP.NET Core data protection keys (the package's own entity): one row per key, its XML as data protection
/// writes it. The API hosts only read and add rows (a key expires, it is not deleted).
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys", Schemas.Web);
        builder.HasKey(k => k.Id);
    }
}
