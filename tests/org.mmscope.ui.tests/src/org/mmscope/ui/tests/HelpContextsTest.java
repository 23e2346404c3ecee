package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.core.runtime.Platform;
import org.eclipse.help.HelpSystem;
import org.eclipse.help.IContext;
import org.eclipse.swt.widgets.Control;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.common.ViewLinks;
import org.osgi.framework.Bundle;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** F1: every MmScope view's controls have a help context that exists and links to the view's help page. */
class HelpContextsTest {

    /** The key under which the workbench help system keeps a control's context id (WorkbenchHelpSystem). */
    private static final String HELP_KEY = "org.eclipse.ui.help";

    private final UiBot bot = new UiBot();

    @AfterEach
    void close() {
        bot.closeMmScopeViews();
    }

    /** The help context id of {@code control} or of the nearest parent that has one (where F1 goes). */
    private static String contextOf(Control control) {
        for (Control c = control; c != null; c = c.getParent()) {
            if (c.getData(HELP_KEY) instanceof String id) {
                return id;
            }
        }
        return null;
    }

    /** help/contexts.xml of org.mmscope.ui: context id (without the bundle prefix) to its first topic's href. */
    private static Map<String, String> registeredContexts() throws Exception {
        Bundle ui = Platform.getBundle("org.mmscope.ui");
        URL file = ui.getEntry("help/contexts.xml");
        assertNotNull(file, "org.mmscope.ui has help/contexts.xml");
        Document doc;
        try (InputStream in = file.openStream()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(in);
        }
        Map<String, String> contexts = new HashMap<>();
        NodeList list = doc.getElementsByTagName("context");
        for (int i = 0; i < list.getLength(); i++) {
            Element context = (Element) list.item(i);
            Element topic = (Element) context.getElementsByTagName("topic").item(0);
            contexts.put(context.getAttribute("id"), topic == null ? null : topic.getAttribute("href"));
        }
        String registered = Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.help.contexts").length > 0
                ? java.util.Arrays.stream(Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.help.contexts"))
                        .filter(e -> e.getContributor().getName().equals("org.mmscope.ui")).map(e -> e.getAttribute("file"))
                        .findFirst().orElse(null)
                : null;
        assertEquals("help/contexts.xml", registered, "org.mmscope.ui registers help/contexts.xml");
        return contexts;
    }

    @Test
    void everyViewHasAnExistingHelpContextThatLinksToItsPage() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        Map<String, String> contexts = registeredContexts();
        Bundle ui = Platform.getBundle("org.mmscope.ui");
        // view id, a control inside it, the help page
        String[][] views = {
                { ViewLinks.PFN_INSPECTOR, "pfnInspector.status", "help/html/pfn-inspector.html" },
                { ViewLinks.PTE_WALKER, "pteWalker.va", "help/html/pte-walker.html" },
                { ViewLinks.WORKING_SETS, "workingSets.processes", "help/html/working-sets.html" },
                { ViewLinks.EVENT_TIMELINE, "events.pfn", "help/html/event-timeline.html" },
                { ViewLinks.QUERY_CONSOLE, "queryConsole.table", "help/html/query-console.html" },
                { ViewLinks.POOL_MAP, "poolMap.canvas", "help/html/pool-map.html" },
                { ViewLinks.PHYSICAL_MEMORY_MAP, "physMap.map", "help/html/physical-memory-map.html" } };
        int resolvedByHelpSystem = 0;
        for (String[] view : views) {
            bot.showView(view[0]);
            String id = contextOf(bot.widgetById(view[1], Control.class));
            assertNotNull(id, view[0] + " has a help context on its controls");
            assertTrue(id.startsWith("org.mmscope.ui."), id);
            String shortId = id.substring("org.mmscope.ui.".length());
            assertTrue(contexts.containsKey(shortId), id + " is defined in help/contexts.xml");
            assertEquals(view[2], contexts.get(shortId), id + " links to the view's page");
            assertNotNull(ui.getEntry(view[2]), view[2] + " is in the bundle");
            IContext context = HelpSystem.getContext(id);
            if (context != null) {
                resolvedByHelpSystem++;
                String href = context.getRelatedTopics()[0].getHref();
                assertTrue(href.endsWith(view[2]), id + " links to " + href);
            }
        }
        System.out.println("Help contexts: " + views.length + " views checked, " + resolvedByHelpSystem
                + " resolved by HelpSystem.getContext in this runtime");
    }
}
