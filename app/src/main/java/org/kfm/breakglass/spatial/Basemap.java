package org.kfm.breakglass.spatial;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;

/**
 * The offline basemap drawn under data in SRID 4326 and 3857: Natural Earth 1:110m land (public domain), shipped as
 * a 53 KB resource built by {@code packaging/basemap/build-basemap.sh} — no tile server, nothing leaves the
 * workstation (ADR 0019). Web Mercator is projected here with the spherical formula, latitudes clamped to ±85.0511°.
 */
public final class Basemap {
    /** The SRIDs the basemap can be drawn in; any other SRID gets the advice to reproject in the database. */
    public static boolean covers(int srid) {
        return srid == 4326 || srid == 3857;
    }

    static final String RESOURCE = "basemap-land-110m.bin";
    private static final double EARTH_RADIUS = 6_378_137;
    private static final double MAX_MERCATOR_LATITUDE = 85.0511287798;
    private static final byte[] MAGIC = "KFMLAND1".getBytes(StandardCharsets.US_ASCII);

    private static final class Loaded {
        static final ShapeStore GEOGRAPHIC = new ShapeStore();
        static final ShapeStore MERCATOR = new ShapeStore();

        static {
            load(GEOGRAPHIC, MERCATOR);
        }
    }

    private Basemap() {}

    /** The land polygons in {@code srid} (4326 or 3857). */
    static ShapeStore land(int srid) {
        return switch (srid) {
            case 4326 -> Loaded.GEOGRAPHIC;
            case 3857 -> Loaded.MERCATOR;
            default -> throw new IllegalArgumentException("no basemap for SRID " + srid + "; only 4326 and 3857");
        };
    }

    /** Spherical (Web) Mercator x in metres. */
    static double mercatorX(double longitude) {
        return Math.toRadians(longitude) * EARTH_RADIUS;
    }

    /** Spherical (Web) Mercator y in metres; the poles are clamped to EPSG:3857's ±85.0511° square. */
    static double mercatorY(double latitude) {
        double clamped = Math.max(-MAX_MERCATOR_LATITUDE, Math.min(MAX_MERCATOR_LATITUDE, latitude));
        return EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(clamped) / 2));
    }

    private static void load(ShapeStore geographic, ShapeStore mercator) {
        var factory = new GeometryFactory();
        try (InputStream raw = Basemap.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("the basemap resource " + RESOURCE + " is missing from the build");
            }
            var in = new DataInputStream(raw);
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalStateException("the basemap resource " + RESOURCE + " is not a KFMLAND1 file");
            }
            int polygons = in.readInt();
            for (int p = 0; p < polygons; p++) {
                int rings = in.readInt();
                LinearRing[] geo = new LinearRing[rings];
                LinearRing[] merc = new LinearRing[rings];
                for (int r = 0; r < rings; r++) {
                    int n = in.readInt();
                    Coordinate[] lonLat = new Coordinate[n];
                    Coordinate[] metres = new Coordinate[n];
                    for (int v = 0; v < n; v++) {
                        double lon = in.readFloat();
                        double lat = in.readFloat();
                        lonLat[v] = new Coordinate(lon, lat);
                        metres[v] = new Coordinate(mercatorX(lon), mercatorY(lat));
                    }
                    geo[r] = factory.createLinearRing(lonLat);
                    merc[r] = factory.createLinearRing(metres);
                }
                geographic.add(p, factory.createPolygon(geo[0], Arrays.copyOfRange(geo, 1, rings)));
                mercator.add(p, factory.createPolygon(merc[0], Arrays.copyOfRange(merc, 1, rings)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the basemap resource " + RESOURCE, e);
        }
        geographic.trim();
        mercator.trim();
    }
}
