using System.Text;
using EarTagTrace.Hub.Access;
using EarTagTrace.Mappings.Canonical;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace EarTagTrace.Hub.Persistence;

public sealed class HubDbContext(DbContextOptions<HubDbContext> options) : IdentityUserContext<StaffAccount>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Farm> Farms => Set<Farm>();
    public DbSet<FarmStock> FarmStocks => Set<FarmStock>();
    public DbSet<FarmCorrection> FarmCorrections => Set<FarmCorrection>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<JournalLink> JournalLinks => Set<JournalLink>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<SyncCursor> SyncCursors => Set<SyncCursor>();
    public DbSet<TagHolding> TagHoldings => Set<TagHolding>();
    public DbSet<TagRegistration> TagRegistrations => Set<TagRegistration>();
    public DbSet<TagIssuance> TagIssuances => Set<TagIssuance>();
    public DbSet<TagIssuanceRange> TagIssuanceRanges => Set<TagIssuanceRange>();
    public DbSet<TagCancellation> TagCancellations => Set<TagCancellation>();
    public DbSet<TagEvent> TagEvents => Set<TagEvent>();
    public DbSet<Declaration> Declarations => Set<Declaration>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<StockChange> StockChanges => Set<StockChange>();
    public DbSet<CountyRollout> CountyRollouts => Set<CountyRollout>();
    public DbSet<RolloutAudit> RolloutAudits => Set<RolloutAudit>();
    public DbSet<CountyStartReport> CountyStartReports => Set<CountyStartReport>();
    public DbSet<CollectorAuthorisation> CollectorAuthorisations => Set<CollectorAuthorisation>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<HubSetting> Settings => Set<HubSetting>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b); // Identity's user tables, renamed below
        b.Entity<StaffAccount>(e =>
        {
            e.ToTable("staff_account");
            e.Property(x => x.RegionCode).HasMaxLength(12);
        });
        b.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("staff_account_claim");
        b.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("staff_account_login");
        b.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("staff_account_token");

        b.Entity<CollectorAuthorisation>(e =>
        {
            e.ToTable("collector_authorisation");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.HasIndex(x => x.AccountId);
            e.HasOne<StaffAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<AuditEntry>(e =>
        {
            // Append-only: the migration adds a trigger that refuses UPDATE and DELETE.
            e.ToTable("audit_log");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Detail).HasColumnType("jsonb");
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.Actor, x.At });
            e.HasIndex(x => new { x.Action, x.At });
        });

        b.Entity<HubSetting>(e =>
        {
            e.ToTable("hub_setting");
            e.HasKey(x => x.Name);
        });

        b.Entity<Region>(e =>
        {
            e.ToTable("region");
            e.HasKey(x => new { x.Code, x.ValidFrom });
            e.Property(x => x.Code).HasMaxLength(12);
            e.HasIndex(x => x.ParentCode);
        });

        b.Entity<Farm>(e =>
        {
            e.ToTable("farm");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.CountyCode);
            e.HasIndex(x => x.TownshipCode);
            e.HasIndex(x => x.QrToken).IsUnique();
            e.HasMany(x => x.Stock).WithOne().HasForeignKey(x => x.FarmCode).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<FarmStock>(e =>
        {
            e.ToTable("farm_stock");
            e.HasKey(x => new { x.FarmCode, x.Species });
            e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.Species);
        });

        b.Entity<JournalEntry>(e =>
        {
            e.ToTable("journal");
            // By default, not always: the pipeline may insert an entry under the id a handler reserved from its sequence.
            e.Property(x => x.Id).UseIdentityByDefaultColumn();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Reasons).HasColumnType("jsonb");
            e.Property(x => x.Summary).HasColumnType("jsonb");
            e.HasIndex(x => x.ReceivedAt);
            e.HasIndex(x => new { x.Source, x.Type, x.PartnerId });
            e.HasMany(x => x.Links).WithOne().HasForeignKey(x => x.JournalId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<JournalLink>(e =>
        {
            e.ToTable("journal_link");
            e.HasKey(x => new { x.JournalId, x.EntityType, x.EntityKey });
            e.HasIndex(x => new { x.EntityType, x.EntityKey });
        });

        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            // The relay only ever looks for work: keep that index small.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt })
                .HasFilter("status in ('Pending','Retrying','Queued')");
            // The relay's claim takes due rows oldest first (ORDER BY id): this index holds only rows still to deliver,
            // so a claim reads about as many rows as it takes. Without it PostgreSQL walks the primary key past every
            // row ever delivered, and a claim grew with the outbox's history (98 ms a claim after 40,000 items).
            e.HasIndex(x => x.Id, "ix_outbox_due_id").HasFilter("status in ('Pending','Retrying','Queued')");
            e.HasIndex(x => new { x.Destination, x.Status, x.Id });
            e.HasIndex(x => x.EntityKey);
            e.HasOne(x => x.Journal).WithMany().HasForeignKey(x => x.JournalId).OnDelete(DeleteBehavior.SetNull);
        });

        b.Entity<SyncCursor>(e =>
        {
            e.ToTable("sync_cursor");
            e.HasKey(x => x.Name);
        });

        b.Entity<TagHolding>(e =>
        {
            e.ToTable("tag_holding");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.HolderType).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.HolderCode, x.HolderType });
            // The exclusion constraint (and its GiST index) is added in SQL by the migration: EF cannot express it.
        });

        b.Entity<TagRegistration>(e =>
        {
            e.ToTable("tag_registration");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.RegistrarType).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.RegistrarCode);
            e.HasIndex(x => x.CountyCode);
        });

        b.Entity<TagIssuance>(e =>
        {
            e.ToTable("tag_issuance");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.IssuerType).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ReceiverType).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.IssuerCode);
            e.HasIndex(x => x.ReceiverCode);
            e.HasMany(x => x.Ranges).WithOne().HasForeignKey(x => x.IssuanceId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<TagIssuanceRange>(e =>
        {
            e.ToTable("tag_issuance_range");
            e.HasKey(x => new { x.IssuanceId, x.First });
            e.HasIndex(x => x.TagRange).HasMethod("gist");
        });

        b.Entity<TagCancellation>(e =>
        {
            e.ToTable("tag_cancellation");
            e.HasKey(x => x.Id);
            e.Property(x => x.Reason).HasConversion<string>().HasMaxLength(16);
        });

        b.Entity<TagEvent>(e =>
        {
            e.ToTable("tag_event");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Tags).HasColumnType("int8multirange");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.HolderType).HasConversion<string>().HasMaxLength(16);
            // One exclusion constraint per kind (migration TagLedgerRanges) is the uniqueness; its partial GiST
            // indexes serve every look-up by tag.
            e.HasIndex(x => new { x.RefId, x.Kind });
            e.HasIndex(x => new { x.HolderCode, x.Kind }); // ledger balances: cancelled while held by a unit
        });

        b.Entity<Declaration>(e =>
        {
            e.ToTable("declaration");
            e.HasKey(x => x.Id);
            e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.FarmCode);
            e.HasIndex(x => new { x.CountyCode, x.DeclaredAt });
        });

        b.Entity<Certificate>(e =>
        {
            e.ToTable("certificate");
            e.HasKey(x => x.Number);
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(4);
            e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.DeclarationId).IsUnique();
            e.HasIndex(x => x.FarmCode);
            e.HasIndex(x => new { x.CountyCode, x.IssuedAt });
            e.HasIndex(x => x.DestinationFarmCode); // outbreak trace: certificates into a farm
        });

        b.Entity<StockChange>(e =>
        {
            e.ToTable("stock_change");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.FarmCode, x.Species, x.At });
            e.HasIndex(x => new { x.Kind, x.PartnerId }).IsUnique().HasFilter("partner_id is not null");
        });

        b.Entity<CountyRollout>(e =>
        {
            e.ToTable("county_rollout");
            e.HasKey(x => x.CountyCode);
        });

        b.Entity<RolloutAudit>(e =>
        {
            e.ToTable("rollout_audit");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.HasIndex(x => x.CountyCode);
        });

        b.Entity<CountyStartReport>(e =>
        {
            e.ToTable("county_start_report");
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.CountyCode).HasMaxLength(6);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ReportedBy).HasMaxLength(256);
            e.Property(x => x.DecidedBy).HasMaxLength(256);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.HasIndex(x => new { x.CountyCode, x.ReportedAt });
            // One pending report per county: the race guard behind "a new report replaces the pending one".
            e.HasIndex(x => x.CountyCode).IsUnique().HasFilter("status = 'Pending'").HasDatabaseName("ux_county_start_report_pending");
        });

        b.ApplyConfigurationsFromAssembly(typeof(HubDbContext).Assembly);
        ApplySnakeCase(b);
    }

    /// <summary>PostgreSQL's own convention, so that hand-written SQL and psql sessions read naturally.</summary>
    private static void ApplySnakeCase(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
            foreach (var key in entity.GetKeys())
                key.SetName(SnakeCase(key.GetName()!));
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName(SnakeCase(fk.GetConstraintName()!));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName()!));
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
