package dev.tiered.connect.cdc.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.cdc.postgres.event.ColumnDefinition;
import dev.tiered.connect.cdc.postgres.event.TableDefinition;
import dev.tiered.connect.cdc.postgres.event.ValueConverters;
import dev.tiered.connect.testkit.PostgresTestServer;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads real pg_catalog entries: the reference table, a table without a key, composite and unique-index keys. */
class CatalogReaderIT {

    private static final PostgresTestServer PG = PostgresTestServer.shared();
    private static String db;
    private static Connection connection;
    private static CatalogReader reader;

    @BeforeAll
    static void createTables() {
        db = PG.createDatabase("catalog");
        PG.execute(db,
                "CREATE TABLE customers (id int PRIMARY KEY, big_col bigint, amount numeric(10,2), note text,"
                        + " active boolean, created_ts timestamp, created_tstz timestamptz, birth date, ext_id uuid,"
                        + " attrs jsonb)",
                "CREATE TABLE plain (a int, b text)",
                "ALTER TABLE plain REPLICA IDENTITY FULL",
                "CREATE TABLE pairs (a int NOT NULL, b varchar(20) NOT NULL DEFAULT 'x', c time(3),"
                        + " PRIMARY KEY (b, a))",
                "CREATE TABLE uniq (x int, y int NOT NULL, z int NOT NULL, w serial)",
                "CREATE UNIQUE INDEX uniq_b ON uniq (z, y)",
                "CREATE UNIQUE INDEX uniq_a ON uniq ((x + 1))",
                "CREATE UNIQUE INDEX uniq_c ON uniq (w)",
                "ALTER TABLE customers DROP COLUMN note");
        connection = PG.connect(db);
        reader = new CatalogReader(connection);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        connection.close();
        PG.dropDatabase(db);
    }

    @Test
    void readsTheReferenceTableWithoutDroppedColumns() {
        CatalogTable table = reader.table("public", "customers").orElseThrow();
        assertThat(table.replicaIdentity()).isEqualTo('d');
        assertThat(table.keyColumns()).containsExactly("id");
        assertThat(table.columns()).extracting(CatalogColumn::name).containsExactly("id", "big_col", "amount",
                "active", "created_ts", "created_tstz", "birth", "ext_id", "attrs");
        assertThat(table.columns()).extracting(CatalogColumn::position).containsExactly(1, 2, 3, 5, 6, 7, 8, 9, 10);
        CatalogColumn amount = table.column("amount");
        assertThat(amount.typeOid()).isEqualTo(ValueConverters.NUMERIC);
        assertThat(amount.typeName()).isEqualTo("numeric");
        assertThat(amount.length()).isEqualTo(10);
        assertThat(amount.scale()).isEqualTo(2);
        assertThat(table.column("id").notNull()).isTrue();
        assertThat(table.column("big_col").notNull()).isFalse();
        assertThat(table.column("created_tstz").length()).isNull();

        TableDefinition definition = table.toDefinition();
        assertThat(definition.primaryKey()).containsExactly("id");
        assertThat(definition.columns().get(0)).isEqualTo(new ColumnDefinition("id", ValueConverters.INT4, -1, false));
        assertThat(definition.columns().get(2))
                .isEqualTo(new ColumnDefinition("amount", ValueConverters.NUMERIC, (10 << 16) + 2 + 4, true));

        assertThat(reader.table(table.relationId())).contains(table);
    }

    @Test
    void aTableWithoutKeyHasNoKeyColumns() {
        CatalogTable plain = reader.table("public", "plain").orElseThrow();
        assertThat(plain.keyColumns()).isEmpty();
        assertThat(plain.replicaIdentity()).isEqualTo('f');
        assertThat(plain.toDefinition().primaryKey()).isEmpty();
    }

    @Test
    void aCompositeKeyIsInKeyOrderWithTypmodsAndDefaults() {
        CatalogTable pairs = reader.table("public", "pairs").orElseThrow();
        assertThat(pairs.keyColumns()).containsExactly("b", "a");
        CatalogColumn b = pairs.column("b");
        assertThat(b.typeName()).isEqualTo("varchar");
        assertThat(b.length()).isEqualTo(20);
        assertThat(b.defaultExpression()).isEqualTo("'x'::character varying");
        assertThat(pairs.column("a").defaultExpression()).isNull();
        assertThat(pairs.column("c").length()).isEqualTo(3);
    }

    @Test
    void withoutPrimaryKeyTheFirstUniqueIndexOnPlainColumnsIsTheKey() {
        CatalogTable uniq = reader.table("public", "uniq").orElseThrow();
        assertThat(uniq.keyColumns()).as("uniq_a is on an expression, uniq_b comes before uniq_c")
                .containsExactly("z", "y");
        assertThat(uniq.column("w").defaultExpression()).isEqualTo("nextval('uniq_w_seq'::regclass)");
    }

    @Test
    void anUnknownTableIsEmpty() {
        assertThat(reader.table("public", "missing")).isEmpty();
        assertThat(reader.table(1)).isEmpty();
    }
}
