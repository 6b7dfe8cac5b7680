package io.ticketd.tools;

import org.slf4j.Logger;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a request to stop that the serving thread waits
 * for, so that it can shut down in order (stop accepting, drain the engine, close) and
 * then exit with status 0, before any library's shutdown hook runs.
 *
 * <p>Why not only a shutdown hook: the JVM exits a process stopped by a signal with status
 * 128 + signal (143 for SIGTERM) whatever the hooks do, and it runs all hooks at once, so
 * other libraries' hooks would race the drain. The handlers are installed through
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported to everyone), looked up
 * reflectively so that the build has no warning about an internal API. Where that is not
 * available, and for every other way the JVM may start shutting down (SIGHUP, a library
 * calling {@code System.exit}), a shutdown hook asks for the same orderly stop and waits
 * for it to finish.
 *
 * <p>Thread-safety: signals and the hook may arrive on any thread, any number of times; one
 * thread calls {@link #awaitStopRequest()} then {@link #stopped()}.
 */
final class TerminationSignals {
    /** How long the shutdown hook lets the orderly stop take before the JVM goes on exiting. */
    private static final long HOOK_WAIT_SECONDS = 60;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Installs the signal handlers and the shutdown hook. */
    void install(Logger log) {
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                handle(signal, () -> requestStop("SIG" + signal));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                log.warn("cannot handle SIG{} ({}); it will stop the server through the shutdown hook, exit status"
                        + " 128 + signal", signal, FailureMessage.describe(e));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::onJvmShutdown, "ticketd-shutdown"));
    }

    /** Asks the serving thread to stop; the first reason given is the one reported. */
    private void requestStop(String why) {
        if (reason.compareAndSet(null, why)) {
            requested.countDown();
        }
    }

    /** Blocks until a stop is requested; returns what asked for it (a signal's name, say). */
    String awaitStopRequest() throws InterruptedException {
        requested.await();
        return reason.get();
    }

    /** Tells a waiting shutdown hook that the orderly stop is over. */
    void stopped() {
        stopped.countDown();
    }

    private void onJvmShutdown() {
        requestStop("JVM shutdown");
        try {
            stopped.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void handle(String signalName, Runnable action) throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object handler = Proxy.newProxyInstance(TerminationSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, args) -> invokeHandler(proxy, method, args, action));
        Object signal = signalType.getConstructor(String.class).newInstance(signalName);
        signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
    }

    /** The proxy's methods: {@code SignalHandler.handle(Signal)} runs the action; Object's behave as Object's. */
    private static Object invokeHandler(Object proxy, Method method, Object[] args, Runnable action) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "ticketd stop handler";
            default:
                action.run();
                return null;
        }
    }
}
