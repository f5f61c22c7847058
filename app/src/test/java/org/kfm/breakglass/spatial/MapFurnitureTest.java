package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MapFurnitureTest {

    @Test
    void geographicGraticuleUsesNiceDegreeStepsWithHemispheres() {
        var vp = new Viewport(5.9, 47.3, 100, 1000, 600); // 10° x 6°

        var lines = MapFurniture.graticule(vp, 4326);

        assertThat(lines)
                .filteredOn(GridLine::vertical)
                .extracting(GridLine::label)
                .containsExactly("6°E", "8°E", "10°E", "12°E", "14°E");
        assertThat(lines)
                .filteredOn(l -> !l.vertical())
                .extracting(GridLine::label)
                .containsExactly("48°N", "50°N", "52°N");
        assertThat(lines.getFirst().position()).isCloseTo(vp.screenX(6), within(1e-9));
    }

    @Test
    void projectedScaleBarHasANiceLengthInMetres() {
        var vp = new Viewport(400000, 5500000, 0.02, 800, 500); // 50 m per pixel

        ScaleBar bar = MapFurniture.scaleBar(vp, 25832);

        assertThat(bar.label()).isEqualTo("10 km");
        assertThat(bar.lengthPx()).isCloseTo(200, within(1e-9));
    }

    @Test
    void geographicScaleBarGivesDegreesAndApproximateKilometres() {
        var vp = new Viewport(8, 59, 1000, 800, 0); // centre latitude 60°: 1° of longitude ≈ 55.7 km

        ScaleBar bar = MapFurniture.scaleBar(vp, 4326);

        assertThat(bar.label()).isEqualTo("0.2° ≈ 11 km");
        assertThat(bar.lengthPx()).isCloseTo(200, within(1e-9));
    }

    @Test
    void viewportZoomKeepsTheWorldPointUnderTheCursor() {
        var vp = new Viewport(0, 0, 10, 800, 500);
        double wx = vp.worldX(123);
        double wy = vp.worldY(77);

        var zoomed = vp.zoomAround(123, 77, 2.5);

        assertThat(zoomed.screenX(wx)).isCloseTo(123, within(1e-9));
        assertThat(zoomed.screenY(wy)).isCloseTo(77, within(1e-9));
        assertThat(zoomed.scale()).isEqualTo(25);
    }
}
