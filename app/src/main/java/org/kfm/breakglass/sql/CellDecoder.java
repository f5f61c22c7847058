package org.kfm.breakglass.sql;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.HashSet;
import java.util.Set;
import org.postgresql.util.PGobject;

/**
 * How the values of one result column become {@link RowSink} values, chosen once per column from its type rather
 * than per cell. Each value is decoded once, from the bytes the server sent: text and geometry straight from the
 * DataRow bytes, numbers and booleans by pgjdbc's own parsers; every other type as pgjdbc's {@code getObject}
 * maps it, which is what every column did before (so sinks see the same values).
 */
enum CellDecoder {
    /** text, varchar, bpchar, name: the DataRow bytes are the UTF-8 text (as pgjdbc's getString decodes them). */
    TEXT {
        @Override
        Object value(ResultSet rs, int index, byte[] text) {
            return new String(text, StandardCharsets.UTF_8);
        }
    },
    /** int2, int4: an Integer, as getObject maps both. */
    INTEGER {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getInt(index);
        }
    },
    BIGINT {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getLong(index);
        }
    },
    BOOLEAN {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getBoolean(index);
        }
    },
    REAL {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getFloat(index);
        }
    },
    DOUBLE {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getDouble(index);
        }
    },
    /** PostGIS geometry: the hex EWKB text; decoding it to JTS is left to the sink that needs a geometry. */
    GEOMETRY {
        @Override
        Object value(ResultSet rs, int index, byte[] text) {
            return new EwkbValue(new String(text, StandardCharsets.UTF_8), "geometry");
        }
    },
    GEOGRAPHY {
        @Override
        Object value(ResultSet rs, int index, byte[] text) {
            return new EwkbValue(new String(text, StandardCharsets.UTF_8), "geography");
        }
    },
    /** bytea: the value is the decoded bytes, but the server's text form ({@code \x…}) is what gets hashed. */
    BYTEA {
        @Override
        byte[] serverText(ResultSet rs, int index) throws SQLException {
            var text = rs.getString(index);
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getBytes(index);
        }
    },
    TIMESTAMP {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getObject(index, LocalDateTime.class);
        }
    },
    TIMESTAMPTZ {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getObject(index, OffsetDateTime.class);
        }
    },
    DATE {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getObject(index, LocalDate.class);
        }
    },
    TIME {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getObject(index, LocalTime.class);
        }
    },
    TIMETZ {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            return rs.getObject(index, OffsetTime.class);
        }
    },
    /**
     * A type pgjdbc would have to look up in the catalog by name (getObject does so too): the server's text form,
     * with no round trip of pgjdbc's own.
     */
    /** uuid, which pgjdbc's getObject makes a {@link java.util.UUID} only after a catalog query by name. */
    UUID_TEXT {
        @Override
        Object value(ResultSet rs, int index, byte[] text) {
            return java.util.UUID.fromString(new String(text, StandardCharsets.US_ASCII));
        }
    },
    SERVER_TEXT {
        @Override
        Object value(ResultSet rs, int index, byte[] text) {
            return new String(text, StandardCharsets.UTF_8);
        }
    },
    /**
     * Everything else as getObject maps it when that is a plain value (numeric as BigDecimal, uuid, …); PGobject
     * (json, interval, ranges, …), arrays, SQLXML and the like as the server's text form.
     */
    OTHER {
        @Override
        Object value(ResultSet rs, int index, byte[] text) throws SQLException {
            var value = rs.getObject(index);
            if (value instanceof Number
                    || value instanceof String
                    || value instanceof Boolean
                    || value instanceof byte[]
                    || value instanceof java.util.UUID) {
                return value;
            }
            return value instanceof PGobject pg && pg.getValue() != null
                    ? pg.getValue()
                    : new String(text, StandardCharsets.UTF_8);
        }
    };

    /**
     * The bytes of the value's DataRow field, i.e. its server text form in UTF-8 ({@code client_encoding} is
     * UTF8 and binary transfer is off); null for SQL NULL. pgjdbc hands out its own array: read it, never keep it.
     */
    byte[] serverText(ResultSet rs, int index) throws SQLException {
        return rs.getBytes(index);
    }

    /** The sink's value of a non-NULL cell whose server text is {@code text}. */
    abstract Object value(ResultSet rs, int index, byte[] text) throws SQLException;

    /**
     * The decoder for a column: PostGIS by type name (its type oids differ per database), everything else by the
     * JDBC type pgjdbc derives from the type oid, mirroring the branches of its getObject; the date/time types, bool
     * and bytea also by name, so a domain or a user type of that name keeps getObject's mapping.
     */
    static CellDecoder of(ResultColumn column, int jdbcType) {
        if (column.spatial()) {
            return column.pgType().equals("geography") ? GEOGRAPHY : GEOMETRY;
        }
        if (!knownToPgjdbc(column)) {
            return column.pgType().equals("uuid") ? UUID_TEXT : SERVER_TEXT;
        }
        String name = column.pgType();
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR -> TEXT;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> INTEGER;
            case Types.BIGINT -> BIGINT;
            case Types.REAL -> REAL;
            case Types.FLOAT, Types.DOUBLE -> DOUBLE;
            case Types.BIT -> name.equals("bool") ? BOOLEAN : OTHER;
            case Types.BINARY -> BYTEA;
            case Types.TIMESTAMP ->
                name.equals("timestamptz") ? TIMESTAMPTZ : name.equals("timestamp") ? TIMESTAMP : OTHER;
            case Types.DATE -> name.equals("date") ? DATE : OTHER;
            case Types.TIME -> name.equals("timetz") ? TIMETZ : name.equals("time") ? TIME : OTHER;
            default -> OTHER;
        };
    }

    /** The type names pgjdbc's TypeInfoCache answers without a query (42.7), and their arrays. */
    private static final Set<String> PGJDBC_BUILT_IN = builtIn(
            "int2",
            "int4",
            "oid",
            "int8",
            "money",
            "numeric",
            "float4",
            "float8",
            "char",
            "bpchar",
            "varchar",
            "varbit",
            "text",
            "name",
            "bytea",
            "bool",
            "bit",
            "date",
            "time",
            "timetz",
            "timestamp",
            "timestamptz",
            "refcursor",
            "json",
            "jsonb",
            "point",
            "box",
            // getColumnTypeName's names for an int2/int4/int8 column with a sequence default: built-in types.
            "smallserial",
            "serial",
            "bigserial");

    /** Whether pgjdbc knows this column's type without asking the server (spatial types it never does). */
    static boolean knownToPgjdbc(ResultColumn column) {
        return !column.spatial() && PGJDBC_BUILT_IN.contains(column.pgType());
    }

    private static Set<String> builtIn(String... names) {
        var all = new HashSet<String>();
        for (var name : names) {
            all.add(name);
            all.add("_" + name);
        }
        return Set.copyOf(all);
    }
}
