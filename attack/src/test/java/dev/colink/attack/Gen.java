package dev.colink.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random values from one seeded {@link Random}: the same seed gives the same values, so a run's
 * output is reproduced by its printed seed. Combinators in the manner of property-based testing libraries (map,
 * flatMap, filter, oneOf, frequency), with sizes and numbers biased towards their bounds, where faults live.
 */
@FunctionalInterface
interface Gen<T> {

	T next(Random random);

	default <U> Gen<U> map(Function<? super T, ? extends U> mapper) {
		return (random) -> mapper.apply(next(random));
	}

	default <U> Gen<U> flatMap(Function<? super T, ? extends Gen<? extends U>> mapper) {
		return (random) -> mapper.apply(next(random)).next(random);
	}

	/** Values that pass the predicate; fails after 1,000 misses in a row (a predicate that rejects everything). */
	default Gen<T> filter(Predicate<? super T> predicate) {
		return (random) -> {
			for (int i = 0; i < 1000; i++) {
				T value = next(random);
				if (predicate.test(value)) {
					return value;
				}
			}
			throw new IllegalStateException("a filter rejected 1,000 values in a row");
		};
	}

	static <T> Gen<T> just(T value) {
		return (random) -> value;
	}

	@SafeVarargs
	static <T> Gen<T> of(T... values) {
		return of(Arrays.asList(values));
	}

	static <T> Gen<T> of(Collection<? extends T> values) {
		List<T> list = List.copyOf(values);
		return (random) -> list.get(random.nextInt(list.size()));
	}

	@SafeVarargs
	static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
		return oneOf(Arrays.asList(gens));
	}

	static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
		List<Gen<? extends T>> list = List.copyOf(gens);
		return (random) -> list.get(random.nextInt(list.size())).next(random);
	}

	/** One of the generators, each as often as its weight says. */
	static <T> Gen<T> frequency(Map<? extends Gen<? extends T>, Integer> weights) {
		List<Gen<? extends T>> gens = new ArrayList<>();
		List<Integer> bounds = new ArrayList<>();
		int total = 0;
		for (Map.Entry<? extends Gen<? extends T>, Integer> entry : weights.entrySet()) {
			total += entry.getValue();
			gens.add(entry.getKey());
			bounds.add(total);
		}
		int sum = total;
		return (random) -> {
			int pick = random.nextInt(sum);
			int i = 0;
			while (pick >= bounds.get(i)) {
				i++;
			}
			return gens.get(i).next(random);
		};
	}

	/** Integers from min to max inclusive, the bounds one time in five. */
	static Gen<Integer> integers(int min, int max) {
		return longs(min, max).map(Long::intValue);
	}

	/** Longs from min to max inclusive, the bounds one time in five. */
	static Gen<Long> longs(long min, long max) {
		return (random) -> {
			int edge = random.nextInt(10);
			if (edge == 0) {
				return min;
			}
			if (edge == 1) {
				return max;
			}
			long span = max - min + 1;
			return (span <= 0) ? random.nextLong() : min + Math.floorMod(random.nextLong(), span);
		};
	}

	/** Strings of the characters from..to, of a length from min to max. */
	static Gen<String> strings(char from, char to, int minLength, int maxLength) {
		return integers(minLength, maxLength).flatMap((length) -> (Random random) -> {
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append((char) (from + random.nextInt(to - from + 1)));
			}
			return text.toString();
		});
	}

	/** Strings of the given characters, of a length from min to max. */
	static Gen<String> strings(String alphabet, int minLength, int maxLength) {
		return integers(minLength, maxLength).flatMap((length) -> (Random random) -> {
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			return text.toString();
		});
	}

	/** Strings of ASCII letters. */
	static Gen<String> alpha(int minLength, int maxLength) {
		return strings("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", minLength, maxLength);
	}

	/** Any UTF-16 text without lone surrogates (which no encoder sends): controls, letters of every script... */
	static Gen<String> text(int minLength, int maxLength) {
		return strings('\u0000', '\uD7FF', minLength, maxLength);
	}

	/** Version 4 UUIDs drawn from the seed. */
	static Gen<UUID> uuids() {
		return (random) -> new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
				(random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
	}

	/** A list of exactly size values. */
	default Gen<List<T>> list(int size) {
		return (random) -> {
			List<T> values = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				values.add(next(random));
			}
			return values;
		};
	}

}
