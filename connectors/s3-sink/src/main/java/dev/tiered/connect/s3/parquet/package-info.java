/**
 * Connect records to Parquet bytes, without Hadoop.
 *
 * <p>Per record the task calls {@link dev.tiered.connect.s3.parquet.RecordRowConverter#convert} (record → row; null
 * for tombstones), rolls the open file when the row's {@link dev.tiered.connect.s3.parquet.RowSchema} is not
 * {@link dev.tiered.connect.s3.parquet.RowSchema#sameAs the file's}, and appends with
 * {@link dev.tiered.connect.s3.parquet.ParquetObjectWriter#write}. Either step may throw
 * {@link dev.tiered.connect.s3.parquet.RecordConversionException}, always before anything of the record is written,
 * so the record can go to the errant-record reporter and the file carries on.
 *
 * <p><b>Hadoop.</b> parquet-hadoop declares hadoop-common as a provided dependency, and a Connect worker has none.
 * Writing through {@code ParquetWriter.Builder(OutputFile)} with a {@code PlainParquetConfiguration} and a
 * {@code WriteSupport} that overrides {@code init(ParquetConfiguration)} loads no Hadoop class, but parquet-java's
 * {@code CodecFactory} does for every real codec (its Snappy/Zstd codecs implement Hadoop's {@code Configurable};
 * GZIP is Hadoop's {@code GzipCodec}). {@link dev.tiered.connect.s3.parquet.HadoopFreeCodecFactory} compresses pages
 * with snappy-java, zstd-jni and java.util.zip directly instead. Hadoop types still appear in signatures we override,
 * hence the compile-only (provided) hadoop-client-api.
 *
 * <p><b>No Avro detour.</b> Rows are written straight from Connect Structs and Maps to Parquet's
 * {@code RecordConsumer}: going through parquet-avro would add an Avro schema translation, a GenericRecord per
 * record and the parquet-avro + Avro jars, to end up issuing the same RecordConsumer calls.
 */
package dev.tiered.connect.s3.parquet;
