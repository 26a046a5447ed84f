/** Memory footprint measurements (plain programs, not JMH). */
package dev.recsys.bench.footprint;
