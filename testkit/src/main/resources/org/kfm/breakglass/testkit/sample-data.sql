-- Sample spatial data for the KFM Break-Glass testkit. Runs as kfm_owner, so the owner owns every table
-- and the default privileges grant reader/writer access.

CREATE TABLE places (
  id    serial PRIMARY KEY,
  name  text NOT NULL,
  kind  text NOT NULL,
  geom  geometry(Point, 4326)
);
INSERT INTO places (name, kind, geom)
SELECT 'Place ' || lpad(g::text, 4, '0'),
       (ARRAY['town', 'village', 'hamlet'])[1 + g % 3],
       ST_SetSRID(ST_MakePoint(5.9 + (g % 40) * 0.22 + (g % 7) * 0.01, 47.3 + (g / 40) * 0.3 + (g % 5) * 0.01), 4326)
FROM generate_series(1, 1000) AS g;
-- One row with an empty geometry (renderers and envelopes must cope with it).
INSERT INTO places (name, kind, geom) VALUES ('Nowhere (empty geometry)', 'hamlet', ST_GeomFromText('POINT EMPTY', 4326));

CREATE TABLE roads (
  id    serial PRIMARY KEY,
  name  text NOT NULL,
  class text NOT NULL,
  geom  geometry(LineString, 4326)
);
INSERT INTO roads (name, class, geom)
SELECT 'Road ' || g,
       (ARRAY['motorway', 'primary', 'secondary', 'track'])[1 + g % 4],
       ST_MakeLine(ARRAY[
         ST_SetSRID(ST_MakePoint(5.9 + (g % 20) * 0.45, 47.3 + (g / 20) * 0.75), 4326),
         ST_SetSRID(ST_MakePoint(6.1 + (g % 20) * 0.45, 47.5 + (g / 20) * 0.75), 4326),
         ST_SetSRID(ST_MakePoint(6.3 + (g % 20) * 0.45, 47.45 + (g / 20) * 0.75), 4326)])
FROM generate_series(0, 199) AS g;

-- Parcels in a projected CRS (ETRS89 / UTM zone 32N), metres.
CREATE TABLE parcels (
  id      serial PRIMARY KEY,
  parcel  text NOT NULL,
  geom    geometry(Polygon, 25832)
);
INSERT INTO parcels (parcel, geom)
SELECT 'DE-' || lpad(g::text, 5, '0'),
       ST_MakeEnvelope(400000 + (g % 25) * 1000, 5500000 + (g / 25) * 1000,
                       400000 + (g % 25) * 1000 + 800, 5500000 + (g / 25) * 1000 + 600, 25832)
FROM generate_series(0, 499) AS g;
-- One invalid (self-intersecting "bow tie") polygon.
INSERT INTO parcels (parcel, geom)
VALUES ('DE-INVALID', ST_GeomFromText('POLYGON((390000 5490000, 391000 5491000, 391000 5490000, 390000 5491000, 390000 5490000))', 25832));

CREATE INDEX places_geom_gist ON places USING gist (geom);
CREATE INDEX roads_geom_gist ON roads USING gist (geom);
CREATE INDEX parcels_geom_gist ON parcels USING gist (geom);

ANALYZE places;
ANALYZE roads;
ANALYZE parcels;
