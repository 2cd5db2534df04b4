package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The generated corpus: a knowledge base in five languages whose words follow a Zipf law over a
// vocabulary of vocabSize words per language, as natural text does. The most frequent words are
// real words written for this benchmark; the long tail is made of syllables so the vocabulary is
// as large as a real wiki's. Everything is drawn from fixed seeds: two runs build the same pages.
const (
	vocabSize = 5000
	zipfS     = 1.1
)

// language says how to build words and sentences in one language.
type language struct {
	code      string
	base      []string // the head of the vocabulary, most frequent first
	syllables []string // the tail is built from these
	sep       string   // between words
	particles []string // glued after some words (Korean, Japanese)
	stop      string   // ends a sentence
}

var languages = []language{
	{code: "en", sep: " ", stop: ".", base: strings.Fields(`the of and to a in is for that on with as by
		it be are this from or an at can page user data server search index space team release
		deploy cluster service network storage backup policy access token session query cache
		request response error version update change review draft publish schedule window locale
		translation source editor author history revision merge conflict diff link anchor tag
		owner admin viewer member invite email password account login security audit event log
		metric alert monitor dashboard report export import archive folder file image table list
		guide tutorial reference example install configure upgrade migrate rollback restart
		container image registry node pod volume secret config gateway proxy balancer router`),
		syllables: strings.Fields(`ka lo mer ten vis pra dol quin sar bel tor fen gri mu zan cal
			pe rin ost hal dra vek lum sor tiv nab rom ges pul cor dez mi`)},
	{code: "fr", sep: " ", stop: ".", base: strings.Fields(`le la les de des et un une est pour que
		dans sur avec par être été équipe données serveur recherche index espace version
		mise à jour déploiement sauvegarde sécurité accès jeton réseau stockage politique
		brouillon publié révision fusion conflit lien étiquette propriétaire membre invité
		courriel mot passe compte connexion événement journal métrique alerte tableau rapport
		exportation importation archive dossier fichier image liste guide tutoriel référence
		exemple installer configurer mettre niveau migrer redémarrer conteneur nœud volume
		secret passerelle mandataire répartiteur routeur crème brûlée été hiver forêt château
		théâtre élève café hôtel garçon façade naïf noël`),
		syllables: strings.Fields(`ré pa lé mo ti vé ca rou san bé ter nou gé lan fo mé dé cou`)},
	{code: "ko", sep: " ", stop: ".", particles: []string{"", "", "", "을", "를", "이", "가", "은", "는", "에서", "으로", "의", "에"},
		base: strings.Fields(`서버 데이터 검색 색인 공간 팀 배포 클러스터 서비스 네트워크 저장소 백업 정책 접근
			토큰 세션 질의 캐시 요청 응답 오류 버전 변경 검토 초안 게시 일정 번역 원본 편집자 작성자
			기록 병합 충돌 링크 태그 소유자 관리자 구성원 초대 이메일 비밀번호 계정 보안 감사 이벤트
			로그 지표 경고 모니터링 대시보드 보고서 내보내기 가져오기 보관 폴더 파일 이미지 목록 안내서
			예제 설치 설정 업그레이드 마이그레이션 재시작 컨테이너 노드 볼륨 비밀 게이트웨이 프록시
			날씨 바람 하늘 바다 도시 학교 회사 사람 시간 오늘 내일 어제 문제 방법 결과`),
		syllables: strings.Fields(`가 나 다 라 마 바 사 아 자 차 카 타 파 하 고 노 도 로 모 보 소 오 조 구 누 두 루 무 부 수 우 주 기 니 디 리 미 비 시 지 한 글 말 물 산 강`)},
	{code: "ja", sep: "", stop: "。", particles: []string{"", "は", "が", "を", "に", "で", "の", "と", "も"},
		base: strings.Fields(`サーバー データ 検索 索引 空間 チーム 配布 クラスタ サービス ネットワーク 保存 バックアップ
			方針 接続 トークン セッション 問い合わせ キャッシュ 要求 応答 エラー 版 変更 確認 下書き 公開
			予定 翻訳 原文 編集者 作成者 履歴 統合 衝突 リンク タグ 所有者 管理者 会員 招待 メール
			暗証 口座 安全 監査 事象 記録 指標 警告 監視 報告書 書き出し 読み込み 保管 フォルダ ファイル
			画像 一覧 案内 例 導入 設定 更新 移行 再起動 コンテナ 節点 容量 秘密 東京 京都 奈良 抹茶
			喫茶店 天気 公園 電車 会社 学校 毎日 週末 友達 先生 勉強 仕事`),
		syllables: strings.Fields(`か き く け こ さ し す せ そ た ち つ て と な に ぬ ね の ま み む め も ら り る れ ろ ア イ ウ エ オ カ キ ク ケ コ 山 川 田 中 本 日 月 火 水 木 金 土`)},
	{code: "zh", sep: "", stop: "。", particles: []string{"", "", "", "的", "了", "在", "和"},
		base: strings.Fields(`服务器 数据 搜索 索引 空间 团队 部署 集群 服务 网络 存储 备份 策略 访问 令牌 会话
			查询 缓存 请求 响应 错误 版本 变更 审核 草稿 发布 计划 翻译 原文 编辑 作者 历史 合并
			冲突 链接 标签 所有者 管理员 成员 邀请 邮件 密码 账户 登录 安全 审计 事件 日志 指标 告警
			监控 仪表板 报告 导出 导入 归档 文件夹 文件 图片 列表 指南 教程 参考 示例 安装 配置 升级
			迁移 回滚 重启 容器 节点 卷 密钥 网关 代理 路由 地铁 公园 图书馆 上海 北京 城市 早上 周末
			朋友 公司 学校 天气 问题 方法 结果`),
		syllables: strings.Fields(`山 水 火 木 金 土 日 月 天 人 大 小 中 上 下 左 右 东 西 南 北 高 长 新 老 明 白 红 青 开 关 学 生 电 车 门 书 花 鸟 鱼 风 云 雨 雪 石 田 海 江 河 林`)},
}

// vocabulary returns the language's words, most frequent first: the written head, then
// syllable compounds until vocabSize (distinct, deterministic).
func (l language) vocabulary() []string {
	seen := map[string]bool{}
	words := make([]string, 0, vocabSize)
	for _, w := range l.base {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	r := rand.New(rand.NewPCG(uint64(len(l.code)), 42))
	for len(words) < vocabSize {
		n := 2 + r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(l.syllables[r.IntN(len(l.syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// writer draws text in one language.
type writer struct {
	lang  language
	words []string
	zipf  *rand.Zipf
	r     *rand.Rand
}

func newWriter(l language, seed uint64) *writer {
	r := rand.New(rand.NewPCG(seed, 7))
	words := l.vocabulary()
	return &writer{lang: l, words: words, r: r, zipf: rand.NewZipf(r, zipfS, 1, uint64(len(words)-1))}
}

func (w *writer) word() string {
	word := w.words[w.zipf.Uint64()]
	if len(w.lang.particles) > 0 {
		word += w.lang.particles[w.r.IntN(len(w.lang.particles))]
	}
	return word
}

func (w *writer) sentence(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = w.word()
	}
	return strings.Join(parts, w.lang.sep) + w.lang.stop
}

// generatedPage is one page of the corpus.
type generatedPage struct {
	locale, path, title, body, html string
	tags                            []string
}

// page writes page number i: a title of 2–4 words, 1–3 tags, and a markdown body of 6–9
// sections of 5–9 sentences (about 7 KB of English) with emphasis and a link, so PlainText has
// work to do.
func (w *writer) page(i int) generatedPage {
	title := strings.TrimSuffix(w.sentence(2+w.r.IntN(3)), w.lang.stop)
	tags := make([]string, 1+w.r.IntN(3))
	for j := range tags {
		tags[j] = w.words[w.r.IntN(40)]
	}
	var b, h strings.Builder
	for s := range 6 + w.r.IntN(4) {
		heading := strings.TrimSuffix(w.sentence(2), w.lang.stop)
		fmt.Fprintf(&b, "## %s\n\n", heading)
		fmt.Fprintf(&h, "<h2 id=\"s%d\">%s</h2>\n<p>", s, heading)
		for range 5 + w.r.IntN(5) {
			sentence := w.sentence(8 + w.r.IntN(13))
			b.WriteString(sentence + w.lang.sep)
			h.WriteString(sentence + w.lang.sep)
		}
		strong, label, target := w.word(), w.word(), fmt.Sprintf("/%s/page-%d", w.lang.code, (i+s)%1000)
		fmt.Fprintf(&b, "**%s** [%s](%s)\n\n", strong, label, target)
		fmt.Fprintf(&h, "<strong>%s</strong> <a href=\"%s\">%s</a></p>\n", strong, target, label)
	}
	// html stands in for the rendered page the pages concern stores beside the markdown, so
	// rows are as long as real ones: search must not pay for reading it.
	return generatedPage{locale: w.lang.code, path: fmt.Sprintf("kb/%06d", i), title: title,
		body: b.String(), html: h.String(), tags: tags}
}

// commonQuery draws a query of n words among the language's 20 most frequent, each on most
// pages of the language: the queries whose ranking a bound must keep cheap.
func (w *writer) commonQuery(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = w.words[w.r.IntN(20)]
	}
	return strings.Join(parts, " ")
}

// query draws a query of n words: each word uniformly from the language's 1,000 most frequent,
// so the most common words (the slowest to rank) are asked about as often as mid-frequency ones.
func (w *writer) query(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = w.words[w.r.IntN(1000)]
	}
	return strings.Join(parts, " ")
}
