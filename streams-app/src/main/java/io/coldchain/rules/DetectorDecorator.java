package io.coldchain.rules;

/**
 * Wraps each detector the application builds, by the name of the node that runs it. Production uses
 * {@link #NONE}; tests use it to put a fault (a detector that throws on one chosen event) behind the real
 * topology and check that the failure stays with that event.
 */
public interface DetectorDecorator {

    /** Every detector as it is. */
    DetectorDecorator NONE = new DetectorDecorator() {
        @Override
        public <E, S> Detector<E, S> decorate(final String node, final Detector<E, S> detector) {
            return detector;
        }

        @Override
        public String toString() {
            return "DetectorDecorator.NONE";
        }
    };

    /**
     * @param node     the processor node that runs the detector (e.g. {@code detect-temperature-excursions})
     * @param detector the detector built from the settings
     * @return the detector the node runs
     */
    <E, S> Detector<E, S> decorate(String node, Detector<E, S> detector);
}
