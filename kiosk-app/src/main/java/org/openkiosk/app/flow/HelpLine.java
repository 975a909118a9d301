package org.openkiosk.app.flow;

/**
 * The kiosk's line to the centre's help desk (远程帮办): kiosk-wide, holding nothing of a resident. A call is made only
 * after the resident agreed, carries the kiosk's place and the step the resident is at (never personal data), and is
 * ended with the resident's session.
 */
public interface HelpLine {

    /** A kiosk without a help desk: every call is unreachable at once. */
    HelpLine NONE = new HelpLine() {
        @Override
        public String hotline() {
            return "12345";
        }

        @Override
        public Call call(String step, Listener listener) {
            listener.unreachable("no help desk");
            return Call.ENDED;
        }
    };

    /** The service hotline to show when the help desk cannot be reached. */
    String hotline();

    /** Calls the help desk; what happens next comes to {@code listener}, on whatever thread the line uses. */
    Call call(String step, Listener listener);

    /** One call for help. */
    interface Call {
        Call ENDED = new Call() {
            @Override
            public boolean sendFrame(byte[] jpeg) {
                return false;
            }

            @Override
            public void step(String step) {
            }

            @Override
            public void end(String reason) {
            }

            @Override
            public long bytesSent() {
                return 0;
            }
        };

        /**
         * Offers a frame of the (already masked) screen; false when it was not sent (the call is not connected, a
         * frame is still on its way, or the bandwidth bound would be exceeded): offer the screen again later.
         */
        boolean sendFrame(byte[] jpeg);

        /** The resident is at another step now. */
        void step(String step);

        /** Ends the call at once: nothing more is sent. */
        void end(String reason);

        /** Frame bytes sent so far. */
        long bytesSent();
    }

    /** What the help desk does. */
    interface Listener {
        /** A member of staff took the call. */
        void taken();

        /** A message for the resident. */
        void message(String text);

        /** A point on the screen (fractions of its width and height) to highlight. */
        void pointer(double x, double y);

        /** The call ended at the centre (staff ended it) or was lost for good. */
        void ended(String by);

        /** The help desk cannot be reached. */
        void unreachable(String why);

        /** The connection was lost; the line is trying again. */
        void reconnecting();
    }
}
