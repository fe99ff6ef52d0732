package dev.tiered.connect.cdc.postgres.catalog;

import java.util.Optional;

/** Looks tables up in the database's catalog; {@link CatalogReader} reads pg_catalog. */
public interface TableCatalog {

    /** The table whose OID is {@code relationId} (pgoutput's relation id), or empty when there is none (dropped). */
    Optional<CatalogTable> table(int relationId);
}
