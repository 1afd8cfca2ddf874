using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Persistence;

/// <summary>The journal's business keys: arrays on the row itself, so the hot path writes one row, not one per key.</summary>
internal sealed class JournalKeysConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> e)
    {
        e.Property(x => x.Keys).HasColumnType("text[]").HasDefaultValueSql("'{}'::text[]");
        e.Property(x => x.TagRanges).HasColumnType("int8multirange").HasDefaultValueSql("'{}'::int8multirange");
        // GIN on keys, GiST on tag ranges and the trigram index on raw_body are created in SQL by the migration.
        e.HasIndex(x => x.ReplayOf);
    }
}

internal sealed class ReplayRunConfiguration : IEntityTypeConfiguration<ReplayRun>
{
    public void Configure(EntityTypeBuilder<ReplayRun> e)
    {
        e.ToTable("replay_run");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.Filter).HasColumnType("jsonb");
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class ReplayRunItemConfiguration : IEntityTypeConfiguration<ReplayRunItem>
{
    public void Configure(EntityTypeBuilder<ReplayRunItem> e)
    {
        e.ToTable("replay_run_item");
        e.HasKey(x => new { x.RunId, x.JournalId });
        e.Property(x => x.Reasons).HasColumnType("jsonb");
        e.HasOne<ReplayRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JournalEditConfiguration : IEntityTypeConfiguration<JournalEdit>
{
    public void Configure(EntityTypeBuilder<JournalEdit> e)
    {
        e.ToTable("journal_edit");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.Patch).HasColumnType("jsonb");
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => x.JournalId);
        e.HasOne<JournalEntry>().WithMany().HasForeignKey(x => x.JournalId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxErrorClassConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e) =>
        e.Property(x => x.ErrorClass).HasConversion<string>().HasMaxLength(16);
}

internal sealed class ReconciliationCheckConfiguration : IEntityTypeConfiguration<ReconciliationCheck>
{
    public void Configure(EntityTypeBuilder<ReconciliationCheck> e)
    {
        e.ToTable("reconciliation_check");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.Type).HasMaxLength(16);
        e.Property(x => x.CountyCode).HasMaxLength(6);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => new { x.Day, x.Type, x.CountyCode });
        // The recheck loop looks only for checks waiting on their repair.
        e.HasIndex(x => x.State).HasFilter("state = 'Mismatched'");
    }
}
