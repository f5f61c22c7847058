package org.kfm.breakglass.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A float8 or float4 written as PostgreSQL's {@code float8out}/{@code float4out} write it when
 * {@code extra_float_digits} is above zero (pgjdbc sets 3, psql leaves the default 1): the shortest decimal
 * strictly inside the value's rounding interval, in fixed notation for a decimal exponent from -4 up to 14
 * (float4: 5) and as {@code 1.5e+20} / {@code 1e-05} outside it. So a CSV cell is the server's text, as psql and
 * COPY print it, where Java's own form would be {@code 1.23456789E7} for a UTM easting of 12345678.9.
 *
 * <p>The digits are Java's ({@code Double.toString} has chosen the shortest decimal that reads back since JDK 19,
 * as PostgreSQL's Ryu does) except where the two differ: Java writes two digits where one would do (subnormals:
 * {@code 4.9E-324}, the server {@code 5e-324}), and Java accepts a decimal on the interval's edge, which reads back
 * by round-half-even, where the server does not ({@code 1.0E23}, the server {@code 9.999999999999999e+22}). An
 * edge decimal of at most 17 (float4: 9) digits exists only from 2^52 (2^22) up, so only there, and for two-digit
 * results, is the exact interval searched. ServerFloatTextPostgisTest holds this against the server.
 */
final class ServerFloatText {

    private static final int DOUBLE_FIXED_LIMIT = 15;
    private static final int FLOAT_FIXED_LIMIT = 6;
    private static final double DOUBLE_EDGE_FROM = 0x1p50;
    private static final float FLOAT_EDGE_FROM = 0x1p20f;

    private ServerFloatText() {}

    static String of(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return special(value, Double.doubleToRawLongBits(value) < 0);
        }
        double magnitude = Math.abs(value);
        var digits = new BigDecimal(Double.toString(magnitude)).stripTrailingZeros();
        if (digits.precision() <= 2 || magnitude >= DOUBLE_EDGE_FROM) {
            var below = magnitude - Math.nextDown(magnitude);
            var above = magnitude == Double.MAX_VALUE ? Math.ulp(magnitude) : Math.nextUp(magnitude) - magnitude;
            digits = shortestInside(new BigDecimal(magnitude), new BigDecimal(below), new BigDecimal(above), 17);
        }
        return layout(digits, value < 0, DOUBLE_FIXED_LIMIT);
    }

    static String of(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value == 0) {
            return special(value, Float.floatToRawIntBits(value) < 0);
        }
        float magnitude = Math.abs(value);
        var digits = new BigDecimal(Float.toString(magnitude)).stripTrailingZeros();
        if (digits.precision() <= 2 || magnitude >= FLOAT_EDGE_FROM) {
            // float → double is exact, and so are these differences of neighbouring floats.
            double below = (double) magnitude - Math.nextDown(magnitude);
            double above =
                    magnitude == Float.MAX_VALUE ? Math.ulp(magnitude) : (double) Math.nextUp(magnitude) - magnitude;
            digits = shortestInside(new BigDecimal(magnitude), new BigDecimal(below), new BigDecimal(above), 9);
        }
        return layout(digits, value < 0, FLOAT_FIXED_LIMIT);
    }

    private static String special(double value, boolean negative) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return negative ? "-Infinity" : "Infinity";
        }
        return negative ? "-0" : "0";
    }

    /**
     * The shortest decimal strictly between the midpoints to the neighbours, the one nearest the exact value at
     * that length (rounding the exact value to n digits gives the nearest; if it is outside, every other is).
     */
    private static BigDecimal shortestInside(BigDecimal exact, BigDecimal gapBelow, BigDecimal gapAbove, int most) {
        var two = BigDecimal.valueOf(2);
        var lower = exact.subtract(gapBelow.divide(two));
        var upper = exact.add(gapAbove.divide(two));
        for (int length = 1; length < most; length++) {
            var candidate = exact.round(new MathContext(length, RoundingMode.HALF_EVEN));
            if (candidate.compareTo(lower) > 0 && candidate.compareTo(upper) < 0) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(most, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String layout(BigDecimal digits, boolean negative, int fixedLimit) {
        var unscaled = digits.unscaledValue().toString();
        int exponent = unscaled.length() - 1 - digits.scale();
        var text = new StringBuilder(unscaled.length() + 8);
        if (negative) {
            text.append('-');
        }
        if (exponent >= -4 && exponent < fixedLimit) {
            return text.append(digits.toPlainString()).toString();
        }
        text.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            text.append('.').append(unscaled, 1, unscaled.length());
        }
        text.append('e').append(exponent < 0 ? '-' : '+');
        int size = Math.abs(exponent);
        if (size < 10) {
            text.append('0');
        }
        return text.append(size).toString();
    }
}
